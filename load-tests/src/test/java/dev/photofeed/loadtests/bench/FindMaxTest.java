package dev.photofeed.loadtests.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The search alone, over fake steps: a rate holds when it is at most a boundary the test picks. */
class FindMaxTest {

    private static FindMax.Outcome<Boolean> search(FindMax.Plan plan, double boundary, List<Double> tried) {
        return FindMax.search(plan, rate -> {
            tried.add(rate);
            return rate <= boundary;
        }, held -> held);
    }

    @Test
    void doublesWhileItHoldsThenBisectsToWithinTheTolerance() {
        List<Double> tried = new ArrayList<>();
        FindMax.Outcome<Boolean> outcome = search(new FindMax.Plan(50, 10_000, 20, 0.1), 437, tried);
        assertThat(tried).containsExactly(50.0, 100.0, 200.0, 400.0, 800.0, 600.0, 500.0, 450.0, 425.0);
        assertThat(outcome.best()).hasValueSatisfying(best -> assertThat(best.rate()).isEqualTo(425.0));
        assertThat(outcome.steps()).extracting(FindMax.Step::held)
                .containsExactly(true, true, true, true, false, false, false, false, true);
    }

    @Test
    void endsWithinTheToleranceOfTheBoundaryWhereverItIs() {
        Random random = new Random(7);
        for (int i = 0; i < 200; i++) {
            double boundary = 50 + random.nextDouble() * 5000;
            FindMax.Outcome<Boolean> outcome = search(new FindMax.Plan(50, 100_000, 30, 0.1), boundary, new ArrayList<>());
            double best = outcome.best().orElseThrow().rate();
            double firstFailing = outcome.steps().stream().filter(s -> !s.held()).mapToDouble(FindMax.Step::rate).min().orElseThrow();
            assertThat(best).isLessThanOrEqualTo(boundary);
            assertThat(firstFailing).isGreaterThan(boundary);
            assertThat(firstFailing - best).isLessThanOrEqualTo(0.1 * best);
        }
    }

    @Test
    void stopsAtTheStepCapWithTheBestSoFar() {
        FindMax.Outcome<Boolean> outcome = search(new FindMax.Plan(50, 10_000, 8, 0.1), 437, new ArrayList<>());
        assertThat(outcome.steps()).hasSize(8);
        assertThat(outcome.best()).hasValueSatisfying(best -> assertThat(best.rate()).isEqualTo(400.0));
    }

    @Test
    void stopsAtTheMaximumWhenEverythingHolds() {
        List<Double> tried = new ArrayList<>();
        FindMax.Outcome<Boolean> outcome = search(new FindMax.Plan(50, 300, 8, 0.1), 1e9, tried);
        assertThat(tried).containsExactly(50.0, 100.0, 200.0, 300.0);
        assertThat(outcome.best()).hasValueSatisfying(best -> assertThat(best.rate()).isEqualTo(300.0));
    }

    @Test
    void noRateHeldWhenTheStartFails() {
        FindMax.Outcome<Boolean> outcome = search(new FindMax.Plan(50, 10_000, 8, 0.1), 10, new ArrayList<>());
        assertThat(outcome.steps()).hasSize(1);
        assertThat(outcome.best()).isEmpty();
    }

    @Test
    void keepsWhatEachStepMeasured() {
        // p99 grows with the rate: rate / 4 ms, bar 100 ms, so 400 is the boundary
        FindMax.Outcome<Double> outcome = FindMax.search(new FindMax.Plan(100, 10_000, 20, 0.05), rate -> rate / 4, p99 -> p99 <= 100);
        assertThat(outcome.best().orElseThrow().result()).isCloseTo(100.0, within(5.0));
        assertThat(outcome.steps()).allSatisfy(s -> assertThat(s.result()).isEqualTo(s.rate() / 4));
    }
}
