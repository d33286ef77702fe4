package dev.photofeed.common.observability;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * USE saturation meters (“Building million scale distributed systems”: saturation tells of a queue before
 * utilisation does), read from the kernel's own counters at each scrape:
 * <ul>
 *   <li>CPU throttling from this process's cgroup {@code cpu.stat} (v2, else v1): periods, throttled periods
 *       and throttled time. A container at its CPU quota queues work even while "CPU %" looks moderate.</li>
 *   <li>TCP retransmits ({@code /proc/net/snmp}), listen-queue overflows and drops ({@code /proc/net/netstat}),
 *       for the network namespace (the pod or container): a full accept queue drops connections silently.</li>
 * </ul>
 * Open file descriptors against the limit are Micrometer's own {@code process.files.open}/{@code .max}, which
 * Spring Boot binds already. A file that is missing or unreadable (no cgroup, not Linux) means its meters are
 * not registered: absent, never an error.
 * <p>
 * Micrometer holds a function meter's state object weakly and freezes the meter once it is collected, so every
 * meter here takes this binder as its state (a bean, alive as long as the registry) and captures its file.
 */
public final class SaturationMeters implements MeterBinder {

    private final Path root;

    /** Reads the real {@code /proc} and {@code /sys}. */
    public SaturationMeters() {
        this(Path.of("/"));
    }

    /** Reads under {@code root} instead of {@code /}: tests point it at fixture trees. */
    public SaturationMeters(Path root) {
        this.root = root;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        cpuStat().ifPresent(stat -> bindCpu(registry, stat));
        Path snmp = root.resolve("proc/net/snmp");
        Path netstat = root.resolve("proc/net/netstat");
        counter(registry, "system.tcp.retransmits", "TCP segments retransmitted", snmp, "Tcp", "RetransSegs");
        counter(registry, "system.tcp.listen.overflows", "SYNs or ACKs refused because an accept queue was full",
                netstat, "TcpExt", "ListenOverflows");
        counter(registry, "system.tcp.listen.drops", "connection attempts dropped at listen", netstat, "TcpExt", "ListenDrops");
    }

    /** {@code cpu.stat} with throttling counters, and whether its throttled time is in µs (v2) or ns (v1). */
    private record CpuStat(Path file, String throttledTimeKey, double toSeconds) {
    }

    private void bindCpu(MeterRegistry registry, CpuStat stat) {
        FunctionCounter.builder("system.cgroup.cpu.periods", this, self -> keyValue(stat.file(), "nr_periods"))
                .description("CFS enforcement periods of this process's cgroup").register(registry);
        FunctionCounter.builder("system.cgroup.cpu.throttled.periods", this, self -> keyValue(stat.file(), "nr_throttled"))
                .description("periods in which the cgroup hit its CPU quota and was throttled").register(registry);
        FunctionCounter.builder("system.cgroup.cpu.throttled.time", this,
                        self -> keyValue(stat.file(), stat.throttledTimeKey()) * stat.toSeconds())
                .baseUnit("seconds").description("time the cgroup's tasks were throttled").register(registry);
    }

    /** The cgroup's {@code cpu.stat}: v2 (one unified hierarchy), else the v1 {@code cpu} controller's. */
    Optional<CpuStat> cpuStat() {
        List<String> lines = lines(root.resolve("proc/self/cgroup"));
        Path cgroups = root.resolve("sys/fs/cgroup");
        List<Path> v2 = new ArrayList<>();
        List<Path> v1 = new ArrayList<>();
        for (String line : lines) {
            String[] parts = line.split(":", 3); // hierarchy-id:controllers:path
            if (parts.length != 3) {
                continue;
            }
            String path = parts[2].startsWith("/") ? parts[2].substring(1) : parts[2];
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                v2.add(cgroups.resolve(path).resolve("cpu.stat"));
                v2.add(cgroups.resolve("cpu.stat")); // a cgroup namespace shows its own root
            } else if (List.of(parts[1].split(",")).contains("cpu")) {
                for (String mount : List.of(parts[1], "cpu", "cpu,cpuacct")) {
                    v1.add(cgroups.resolve(mount).resolve(path).resolve("cpu.stat"));
                    v1.add(cgroups.resolve(mount).resolve("cpu.stat"));
                }
            }
        }
        for (Path file : v2) {
            if (keyValues(file).containsKey("throttled_usec")) {
                return Optional.of(new CpuStat(file, "throttled_usec", 1e-6));
            }
        }
        for (Path file : v1) {
            if (keyValues(file).containsKey("throttled_time")) {
                return Optional.of(new CpuStat(file, "throttled_time", 1e-9));
            }
        }
        return Optional.empty();
    }

    private void counter(MeterRegistry registry, String name, String description, Path file, String table,
                                String column) {
        if (table(file, table).containsKey(column)) {
            FunctionCounter.builder(name, this, self -> table(file, table).getOrDefault(column, Double.NaN))
                    .description(description).register(registry);
        }
    }

    /** One value of a "key value" file such as {@code cpu.stat}; NaN once it cannot be read. */
    private static double keyValue(Path file, String key) {
        return keyValues(file).getOrDefault(key, Double.NaN);
    }

    static Map<String, Double> keyValues(Path file) {
        Map<String, Double> values = new HashMap<>();
        for (String line : lines(file)) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length == 2) {
                parse(kv[1]).ifPresent(v -> values.put(kv[0], v));
            }
        }
        return values;
    }

    /**
     * One table of {@code /proc/net/snmp} or {@code /proc/net/netstat}: pairs of lines with the same prefix,
     * the first naming the columns ({@code Tcp: RtoAlgorithm ... RetransSegs ...}), the second their values.
     */
    static Map<String, Double> table(Path file, String prefix) {
        List<String> lines = lines(file).stream().filter(l -> l.startsWith(prefix + ":")).toList();
        Map<String, Double> values = new HashMap<>();
        if (lines.size() >= 2) {
            String[] names = lines.get(0).split("\\s+");
            String[] numbers = lines.get(1).split("\\s+");
            for (int i = 1; i < Math.min(names.length, numbers.length); i++) {
                int column = i;
                parse(numbers[i]).ifPresent(v -> values.put(names[column], v));
            }
        }
        return values;
    }

    private static Optional<Double> parse(String number) {
        try {
            return Optional.of((double) Long.parseLong(number));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException | SecurityException e) {
            return List.of(); // no such file here: the meters it feeds are simply absent
        }
    }
}
