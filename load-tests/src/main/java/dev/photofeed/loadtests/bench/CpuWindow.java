package dev.photofeed.loadtests.bench;

import dev.photofeed.localstack.ProcessCpu;
import dev.photofeed.localstack.ProcessRegistry;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A window of wall time and the CPU every component of the stack used in it, from the operating system's
 * per-process accounting ({@link ProcessCpu}). The load generator (this JVM) is not a component: its own CPU
 * is kept apart, so that it is never counted in the stack's figures but can be seen to be the limit.
 */
public final class CpuWindow {

    private final ProcessRegistry registry;
    private final Map<String, Duration> atStart;
    private final Duration generatorAtStart;
    private final long startNanos;

    private CpuWindow(ProcessRegistry registry) {
        this.registry = registry;
        this.atStart = ProcessCpu.ofComponents(registry);
        this.generatorAtStart = generatorCpu();
        this.startNanos = System.nanoTime();
    }

    public static CpuWindow open(ProcessRegistry registry) {
        return new CpuWindow(registry);
    }

    /**
     * Each component's CPU rate while nothing loads it (CPU-seconds per wall-second) over {@code length}: the
     * floor a bench subtracts to get the CPU the requests themselves cost. None when {@code length} is zero.
     */
    public static Map<String, Double> idle(ProcessRegistry registry, Duration length) {
        if (length.isZero()) {
            return Map.of();
        }
        CpuWindow window = open(registry);
        try {
            Thread.sleep(length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return window.close().cores();
    }

    /**
     * @param cpu       CPU each component of the stack used over the window
     * @param generator CPU this JVM, the load generator, used over the window
     */
    public record Measured(Duration wall, Map<String, Duration> cpu, Duration generator) {

        /** CPU-seconds per wall-second, per component. */
        public Map<String, Double> cores() {
            double seconds = Math.max(wall.toNanos() / 1e9, 1e-9);
            Map<String, Double> cores = new LinkedHashMap<>();
            cpu.forEach((component, used) -> cores.put(component, used.toNanos() / 1e9 / seconds));
            return cores;
        }
    }

    /** CPU used since the window opened, per component still alive at both ends. */
    public Measured close() {
        Map<String, Duration> atEnd = ProcessCpu.ofComponents(registry);
        Duration generator = generatorCpu().minus(generatorAtStart);
        Duration wall = Duration.ofNanos(System.nanoTime() - startNanos);
        Map<String, Duration> used = new LinkedHashMap<>();
        atEnd.forEach((component, end) -> {
            Duration start = atStart.get(component);
            if (start != null) {
                used.put(component, end.minus(start).isNegative() ? Duration.ZERO : end.minus(start));
            }
        });
        return new Measured(wall, used, generator.isNegative() ? Duration.ZERO : generator);
    }

    /** This JVM's user+system CPU; zero where the platform does not tell. */
    private static Duration generatorCpu() {
        long nanos = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class).getProcessCpuTime();
        return Duration.ofNanos(Math.max(nanos, 0));
    }
}
