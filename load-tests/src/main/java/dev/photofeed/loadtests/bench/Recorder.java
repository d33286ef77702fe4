package dev.photofeed.loadtests.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Every response of a run, as the simulation saw it: status counts and a latency histogram (µs), thread-safe. */
public final class Recorder {

    private final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Histogram latencyUs = new ConcurrentHistogram(3);
    private final Map<String, Histogram> trends = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();

    /** {@code status} null means the request got no response (refused, reset, timed out). */
    public void response(Integer status, long latencyMicros) {
        statuses.computeIfAbsent(status == null ? "network" : String.valueOf(status), s -> new LongAdder()).increment();
        latencyUs.recordValue(Math.max(latencyMicros, 0));
    }

    public void trend(String name, long micros) {
        trends.computeIfAbsent(name, n -> new ConcurrentHistogram(3)).recordValue(Math.max(micros, 0));
    }

    public void count(String name) {
        counters.computeIfAbsent(name, n -> new LongAdder()).increment();
    }

    /** {@code idleCores}: each component's CPU rate with the stack quiet ({@link CpuWindow#idle}), empty if not measured. */
    public Summary summary(String scenario, double rate, CpuWindow.Measured window, Map<String, Double> idleCores) {
        Map<String, Long> counts = new LinkedHashMap<>();
        statuses.forEach((s, n) -> counts.put(s, n.sum()));
        Map<String, Long> countersNow = new LinkedHashMap<>();
        counters.forEach((s, n) -> countersNow.put(s, n.sum()));
        return new Summary(scenario, rate, window.wall(), counts, latencyUs.copy(), window.cpu(), idleCores,
                window.generator(), Map.copyOf(trends), countersNow);
    }
}
