package dev.photofeed.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for servers that say nothing when they become ready. */
final class Waits {

    private Waits() {
    }

    static void until(Duration timeout, String what, BooleanSupplier condition, Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (condition.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " was not ready after " + timeout.toSeconds() + " s"
                        + (log == null ? "" : "; the end of " + log + ":\n" + Logs.tail(log, 20)));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
