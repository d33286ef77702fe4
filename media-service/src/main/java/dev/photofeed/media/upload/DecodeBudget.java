package dev.photofeed.media.upload;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap that decoded rasters may hold at once, shared by every decode of the service (uploads and thumbnails).
 * A decode reserves its raster's bytes before it allocates them and gives them back when done, so the rasters in
 * flight never sum to more than the budget whatever the number of requests.
 *
 * <p>Written by hand on purpose, as the lesson: a bulkhead (Resilience4j's) counts calls, but decodes differ in cost
 * by five orders of magnitude (a 1 KiB icon, a 160 MiB raster), so the permits here are bytes. A fair
 * {@link Semaphore} holds them, in KiB so that any budget fits its {@code int}; fair, so a large decode that waits
 * is not overtaken forever by small ones.
 */
public final class DecodeBudget {

    private static final long UNIT = 1024;

    private final long bytes;
    private final int units;
    private final Semaphore permits;

    public DecodeBudget(long bytes) {
        if (bytes < UNIT) {
            throw new IllegalArgumentException("a decode budget of " + bytes + " bytes is below 1 KiB");
        }
        this.units = (int) Math.min(Integer.MAX_VALUE, bytes / UNIT);
        this.bytes = units * UNIT;
        this.permits = new Semaphore(units, true);
    }

    /** No limit in practice: for tools and tests that decode one image at a time. */
    public static DecodeBudget unlimited() {
        return new DecodeBudget(Long.MAX_VALUE);
    }

    public long bytes() {
        return bytes;
    }

    public long inUse() {
        return (units - (long) permits.availablePermits()) * UNIT;
    }

    /** Whether a decode of {@code cost} bytes could ever run: false when it alone is over the budget. */
    public boolean fits(long cost) {
        return cost <= bytes;
    }

    /** {@code cost} bytes of the budget, or empty when they did not come free within {@code wait}. */
    public Optional<Reservation> reserve(long cost, Duration wait) {
        if (!fits(cost)) {
            throw new IllegalArgumentException(cost + " bytes are over the whole budget of " + bytes);
        }
        int wanted = (int) Math.max(1, (cost + UNIT - 1) / UNIT);
        try {
            if (!permits.tryAcquire(wanted, wait.toNanos(), TimeUnit.NANOSECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        return Optional.of(new Reservation(wanted));
    }

    /** Bytes held until closed; closing twice gives them back once. */
    public final class Reservation implements AutoCloseable {

        private int held;

        private Reservation(int units) {
            this.held = units;
        }

        @Override
        public void close() {
            if (held > 0) {
                permits.release(held);
                held = 0;
            }
        }
    }
}
