package dev.photofeed.loadtests.bench;

import java.time.Duration;

/**
 * The warm-up's arrivals: from a tenth of the rate up to the whole of it over the first half, then the whole rate
 * for the second. A cold JVM given the whole rate at once spends a core compiling while requests queue (a gateway
 * idle for twelve minutes spent 41 CPU-s in C2 in its first two minutes at 500/s), and in an open model the queue
 * only grows; ramped, the hot paths compile under a load the machine still holds, and the measured window starts
 * on a warm stack at the rate it measures.
 */
public record WarmUp(double fromRate, double toRate, Duration ramp, Duration hold) {

    public static WarmUp of(double rate, Duration warmUp) {
        Duration ramp = warmUp.dividedBy(2);
        return new WarmUp(rate / 10, rate, ramp, warmUp.minus(ramp));
    }
}
