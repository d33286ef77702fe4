package dev.photofeed.loadtests.seed;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    @Test
    void retryAfterIsHonouredExactly() {
        assertThat(Backoff.delay("3", 0)).isEqualTo(Duration.ofSeconds(3));
        assertThat(Backoff.delay(" 1 ", 5)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void withoutItTheWaitIsFullJitterUnderAnExponentialCeiling() {
        for (int attempt = 0; attempt < 10; attempt++) {
            long ceiling = Math.min(Backoff.CAP.toMillis(), Backoff.BASE.toMillis() << attempt);
            long max = 0;
            for (int i = 0; i < 2000; i++) {
                long wait = Backoff.delay(null, attempt).toMillis();
                assertThat(wait).isBetween(0L, ceiling);
                max = Math.max(max, wait);
            }
            // full jitter spreads over the whole range, not just near the ceiling or near zero
            assertThat(max).isGreaterThan(ceiling / 2);
        }
        assertThat(Backoff.delay("Wed, 21 Oct 2015 07:28:00 GMT", 0).toMillis()).isBetween(0L, Backoff.BASE.toMillis());
    }
}
