package dev.photofeed.loadtests.bench;

import dev.photofeed.localstack.ProcessCpu;
import dev.photofeed.localstack.ProcessRegistry;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The measured window: wall time and the CPU every component of the stack used in it, from the operating
 * system's per-process accounting ({@link ProcessCpu}). The load generator is not a component, so it is never
 * counted.
 */
public final class CpuWindow {

    private final ProcessRegistry registry;
    private final Map<String, Duration> atStart;
    private final long startNanos;

    private CpuWindow(ProcessRegistry registry) {
        this.registry = registry;
        this.atStart = ProcessCpu.ofComponents(registry);
        this.startNanos = System.nanoTime();
    }

    public static CpuWindow open(ProcessRegistry registry) {
        return new CpuWindow(registry);
    }

    public record Measured(Duration wall, Map<String, Duration> cpu) {
    }

    /** CPU used since the window opened, per component still alive at both ends. */
    public Measured close() {
        Map<String, Duration> atEnd = ProcessCpu.ofComponents(registry);
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        Map<String, Duration> used = new LinkedHashMap<>();
        atEnd.forEach((component, end) -> {
            Duration start = atStart.get(component);
            if (start != null) {
                used.put(component, end.minus(start).isNegative() ? Duration.ZERO : end.minus(start));
            }
        });
        return new Measured(wall, used);
    }
}
