package dev.photofeed.loadtests.seed;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/** One line, rewritten about once a second: done/total, rate and ETA. */
final class Progress {

    private final String what;
    private final long total;
    private final PrintStream out;
    private final AtomicLong done = new AtomicLong();
    private final long started = System.nanoTime();
    private volatile long lastPrint = started;
    private volatile long lastStep = started;

    Progress(String what, long total, PrintStream out) {
        this.what = what;
        this.total = total;
        this.out = out;
    }

    void step() {
        step(1);
    }

    void step(long count) {
        if (count == 0) {
            return;
        }
        long n = done.addAndGet(count);
        long now = System.nanoTime();
        lastStep = now;
        if (now - lastPrint > 1_000_000_000L || n == total) {
            lastPrint = now;
            print(n, now, n == total);
        }
    }

    /** Per second, up to the last step: the phase's own rate, however long after it is asked. */
    double rate() {
        return done.get() / Math.max((lastStep - started) / 1e9, 1e-9);
    }

    private synchronized void print(long n, long now, boolean last) {
        double seconds = (now - started) / 1e9;
        double rate = n / Math.max(seconds, 1e-9);
        long eta = rate > 0 ? Math.round((total - n) / rate) : 0;
        out.printf("\r%-8s %d/%d  %.0f/s  ETA %d s   %s", what, n, total, rate, eta, last ? String.format("(%.1f s)%n", seconds) : "");
        out.flush();
    }
}
