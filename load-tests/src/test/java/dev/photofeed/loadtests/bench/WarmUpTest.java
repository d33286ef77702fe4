package dev.photofeed.loadtests.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class WarmUpTest {

    @Test
    void rampsFromATenthToTheWholeRateOverTheFirstHalfThenHoldsIt() {
        WarmUp warmUp = WarmUp.of(500, Duration.ofSeconds(60));

        assertThat(warmUp.fromRate()).isEqualTo(50);
        assertThat(warmUp.toRate()).isEqualTo(500);
        assertThat(warmUp.ramp()).isEqualTo(Duration.ofSeconds(30));
        assertThat(warmUp.hold()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void theTwoPhasesTakeTheWholeWarmUpWhateverItsLength() {
        for (Duration length : new Duration[]{Duration.ofMillis(1_001), Duration.ofSeconds(1), Duration.ofSeconds(7)}) {
            WarmUp warmUp = WarmUp.of(80, length);
            assertThat(warmUp.ramp().plus(warmUp.hold())).isEqualTo(length);
            assertThat(warmUp.hold()).isGreaterThanOrEqualTo(warmUp.ramp());
        }
    }
}
