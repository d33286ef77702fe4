package dev.photofeed.loadtests.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleFunction;
import java.util.function.Predicate;

/**
 * The first question of “Building million scale distributed systems”, "how much traffic can it handle?", as a
 * search over arrival rates: run a step at the start rate and double it while each step holds, then bisect between
 * the last rate that held and the first that did not until they are within the tolerance of each other, never more
 * than the plan's steps in all. Doubling finds the order of magnitude in a few steps; bisecting then narrows it at
 * one step per halving. Pure: what a step is and whether it held are the caller's ({@code run} and {@code held}),
 * so the search is tested without a stack.
 */
public final class FindMax {

    /**
     * @param tolerance the search stops once the first failing rate is within this share of the best that held
     *                  (0.1: within 10%)
     */
    public record Plan(double start, double max, int maxSteps, double tolerance) {

        public Plan {
            if (!(start > 0 && max >= start && maxSteps >= 1 && tolerance > 0)) {
                throw new IllegalArgumentException("a plan needs 0 < start ≤ max, one step or more and a tolerance above 0");
            }
        }
    }

    public record Step<T>(double rate, boolean held, T result) {
    }

    /** Every step in the order run, and the highest rate that held (none when not even the start rate did). */
    public record Outcome<T>(List<Step<T>> steps, Optional<Step<T>> best) {
    }

    private FindMax() {
    }

    public static <T> Outcome<T> search(Plan plan, DoubleFunction<T> run, Predicate<T> held) {
        List<Step<T>> steps = new ArrayList<>();
        Step<T> good = null;
        Step<T> bad = null;
        double rate = plan.start();
        while (bad == null && steps.size() < plan.maxSteps()) {
            Step<T> step = step(rate, run, held, steps);
            if (!step.held()) {
                bad = step;
            } else {
                good = step;
                if (rate >= plan.max()) {
                    break;
                }
                rate = Math.min(rate * 2, plan.max());
            }
        }
        while (good != null && bad != null && steps.size() < plan.maxSteps()
                && bad.rate() - good.rate() > plan.tolerance() * good.rate()) {
            Step<T> step = step((good.rate() + bad.rate()) / 2, run, held, steps);
            if (step.held()) {
                good = step;
            } else {
                bad = step;
            }
        }
        return new Outcome<>(List.copyOf(steps), Optional.ofNullable(good));
    }

    private static <T> Step<T> step(double rate, DoubleFunction<T> run, Predicate<T> held, List<Step<T>> steps) {
        T result = run.apply(rate);
        Step<T> step = new Step<>(rate, held.test(result), result);
        steps.add(step);
        return step;
    }
}
