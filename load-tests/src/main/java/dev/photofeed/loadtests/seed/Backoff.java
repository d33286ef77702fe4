package dev.photofeed.loadtests.seed;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How a well-behaved client waits after a 429, or a 503 it may retry (Heroku's client throttling, as told in “What
 * does 100 million users on a Google service mean?”): exactly what {@code Retry-After} says when the server says
 * it; otherwise exponential backoff with full jitter, a random wait between 0 and base·2^attempt (capped), so
 * throttled clients spread out instead of retrying in step.
 */
public final class Backoff {

    static final int ATTEMPTS = 8;
    static final Duration BASE = Duration.ofMillis(100);
    static final Duration CAP = Duration.ofSeconds(10);

    private Backoff() {
    }

    /** {@code retryAfter} is the header's value (delta-seconds), or null. */
    public static Duration delay(String retryAfter, int attempt) {
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException httpDate) {
                // an HTTP-date: fall back to backoff rather than trust the clocks agree
            }
        }
        long ceiling = Math.min(CAP.toMillis(), BASE.toMillis() << Math.min(attempt, 20));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
