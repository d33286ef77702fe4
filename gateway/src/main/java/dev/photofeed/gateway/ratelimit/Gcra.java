package dev.photofeed.gateway.ratelimit;

/**
 * The Generic Cell Rate Algorithm (the algorithm behind Heroku's and redis-cell's limiters, as told in “What does
 * 100 million users on a Google service mean?”), in plain Java. It is the reference the Redis script
 * ({@code scripts/gcra.lua}) must agree with decision for decision, and the in-process limiter the gateway falls
 * back to when Redis is away.
 *
 * <p>One number per key: the theoretical arrival time (TAT), when the key's allowance is back to full.
 * Each request pushes TAT forward by {@code emission interval = period / rate} times its quantity; the
 * request is allowed if the new TAT is at most {@code tolerance = interval × (burst + 1)} ahead of now.
 * So a steady {@code rate} per {@code period} passes, bursts up to {@code burst + 1} pass, and nothing is
 * stored but one timestamp. Semantics and results follow redis-cell's {@code CL.THROTTLE}: limit
 * ({@code burst + 1}), remaining, retry-after and reset-after. Times are microseconds.
 */
public final class Gcra {

    /** A policy: {@code rate} requests per {@code periodMicros}, with bursts of {@code burst} more. */
    public record Policy(String name, int burst, int rate, long periodMicros) {

        public Policy {
            if (burst < 0 || rate < 1 || periodMicros < rate) {
                throw new IllegalArgumentException("a policy needs burst >= 0, rate >= 1 and a period of at least rate µs");
            }
        }

        long interval() {
            return periodMicros / rate;
        }

        long tolerance() {
            return interval() * (burst + 1L);
        }

        public int limit() {
            return burst + 1;
        }
    }

    /**
     * One decision. {@code retryAfterMicros} is -1 when allowed (and when no wait would help: a quantity
     * above the limit); {@code resetAfterMicros} is how long until the allowance is full again;
     * {@code newTat} is what to store (unchanged when limited).
     */
    public record Decision(boolean limited, int limit, long remaining, long retryAfterMicros, long resetAfterMicros, long newTat) {
    }

    private Gcra() {
    }

    /** @param storedTat the key's TAT, or any value at or before {@code now} when the key is new or expired */
    public static Decision decide(Policy policy, long storedTat, long now, int quantity) {
        long interval = policy.interval();
        long tolerance = policy.tolerance();
        long increment = interval * quantity;
        long tat = Math.max(storedTat, now);
        long newTat = tat + increment;
        long allowAt = newTat - tolerance;
        boolean limited = now < allowAt;
        long retryAfter = limited && increment <= tolerance ? allowAt - now : -1;
        long ttl = limited ? tat - now : newTat - now;
        long remaining = Math.max(0, Math.floorDiv(tolerance - ttl, interval));
        return new Decision(limited, policy.limit(), remaining, retryAfter, ttl, limited ? storedTat : newTat);
    }
}
