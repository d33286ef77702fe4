package dev.photofeed.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time a process tree has used, from the operating system's own accounting ({@code /proc/<pid>/stat}),
 * so a bench can charge every component (a JVM, redis-server, a Postgres postmaster and its backends) the same
 * way. Each process counts its own user+system time plus that of the children it has reaped; a live child is
 * counted on its own, so nothing is counted twice. On a system without {@code /proc} the time is zero.
 */
public final class ProcessCpu {

    /** USER_HZ: the unit of the {@code stat} times; 100 on every Linux ABI in use. */
    static final long TICKS_PER_SECOND = 100;

    private ProcessCpu() {
    }

    /** CPU time of the process and all its descendants. */
    public static Duration ofTree(ProcessHandle root) {
        long ticks = Stream.concat(Stream.of(root), root.descendants())
                .mapToLong(p -> ticks(Path.of("/proc", Long.toString(p.pid()), "stat")))
                .sum();
        return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
    }

    /** CPU time of every live component a registry records, by component name. */
    public static Map<String, Duration> ofComponents(ProcessRegistry registry) {
        Map<String, Duration> times = new LinkedHashMap<>();
        for (String component : registry.components()) {
            registry.find(component).ifPresent(p -> times.put(component, ofTree(p)));
        }
        return times;
    }

    /** utime + stime + cutime + cstime of one {@code stat} file; 0 once the process is gone. */
    static long ticks(Path stat) {
        String line;
        try {
            line = Files.readString(stat);
        } catch (IOException gone) {
            return 0;
        }
        // the command name (field 2) is in parentheses and may hold spaces; fields 14..17 follow it
        String[] fields = line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
        long sum = 0;
        for (int field = 14; field <= 17; field++) {
            sum += Long.parseLong(fields[field - 3]);
        }
        return sum;
    }
}
