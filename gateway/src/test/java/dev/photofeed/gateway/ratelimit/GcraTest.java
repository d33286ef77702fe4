package dev.photofeed.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The reference GCRA on hand-worked cases: 10 per second (an emission every 100 ms), bursts of 4 more. */
class GcraTest {

    private static final long MS = 1_000;
    private static final Gcra.Policy TEN_PER_SECOND = new Gcra.Policy("reads", 4, 10, 1_000 * MS);

    @Test
    void aFullBurstPassesThenTheNextWaitsOneInterval() {
        long now = 1_000_000 * MS;
        long tat = 0;
        for (int i = 0; i < 5; i++) {
            Gcra.Decision d = Gcra.decide(TEN_PER_SECOND, tat, now, 1);
            assertThat(d.limited()).as("request %d of the burst", i + 1).isFalse();
            assertThat(d.limit()).isEqualTo(5);
            assertThat(d.remaining()).isEqualTo(4 - i);
            tat = d.newTat();
        }
        Gcra.Decision refused = Gcra.decide(TEN_PER_SECOND, tat, now, 1);
        assertThat(refused.limited()).isTrue();
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryAfterMicros()).isEqualTo(100 * MS);
        assertThat(refused.resetAfterMicros()).isEqualTo(500 * MS);
        assertThat(refused.newTat()).as("a refusal stores nothing").isEqualTo(tat);

        Gcra.Decision later = Gcra.decide(TEN_PER_SECOND, tat, now + 100 * MS, 1);
        assertThat(later.limited()).as("after Retry-After").isFalse();
    }

    @Test
    void anIdleKeyIsBackToAFullBurst() {
        long now = 5_000_000 * MS;
        Gcra.Decision d = Gcra.decide(TEN_PER_SECOND, now - 60_000 * MS, now, 1);
        assertThat(d.limited()).isFalse();
        assertThat(d.remaining()).isEqualTo(4);
    }

    @Test
    void aQuantityAboveTheLimitIsRefusedWithNoRetryAfter() {
        Gcra.Decision d = Gcra.decide(TEN_PER_SECOND, 0, 1_000 * MS, 6);
        assertThat(d.limited()).isTrue();
        assertThat(d.retryAfterMicros()).isEqualTo(-1);
    }
}
