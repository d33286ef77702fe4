package dev.photofeed.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every server process the stack starts is written down here, one pid file per component, so that
 * whoever is left standing (the launcher on a clean stop, {@code ./stack down}, or the {@link Reaper}
 * after the launcher was killed) can find and stop it. A pid file holds the pid and the process start
 * time, so a recycled pid is never mistaken for ours.
 */
public final class ProcessRegistry {

    private static final Duration GRACE = Duration.ofSeconds(15);

    private final Path dir;

    public ProcessRegistry(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public void record(String component, ProcessHandle process) {
        long started = process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
        write(pidFile(component), process.pid() + " " + started);
    }

    public void forget(String component) {
        try {
            Files.deleteIfExists(pidFile(component));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The live process recorded for a component, if it is still the one we started. */
    public Optional<ProcessHandle> find(String component) {
        return read(pidFile(component));
    }

    public List<String> components() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".pid"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every recorded process and its descendants; returns the components that were still alive. */
    public List<String> reapAll() {
        List<String> reaped = new ArrayList<>();
        List<ProcessHandle> alive = new ArrayList<>();
        for (String component : components()) {
            find(component).ifPresent(process -> {
                alive.add(process);
                reaped.add(component);
            });
        }
        stopTrees(alive);
        components().forEach(this::forget);
        return reaped;
    }

    public static void stopTree(ProcessHandle root) {
        stopTrees(List.of(root));
    }

    /**
     * SIGTERM to every process of the trees at once (so a database is not left waiting for a client that
     * would only be stopped after it), then SIGKILL to whatever outlives the grace period.
     */
    public static void stopTrees(List<ProcessHandle> roots) {
        List<ProcessHandle> all = new ArrayList<>();
        for (ProcessHandle root : roots) {
            all.addAll(root.descendants().toList());
            all.add(root);
        }
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle p : all) {
            long left = deadline - System.nanoTime();
            try {
                p.onExit().get(Math.max(left, 0), java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception timedOut) {
                p.destroyForcibly();
            }
        }
    }

    private Path pidFile(String component) {
        return dir.resolve(component + ".pid");
    }

    private static Optional<ProcessHandle> read(Path file) {
        String[] fields;
        try {
            fields = Files.readString(file).trim().split(" ");
        } catch (IOException missing) {
            return Optional.empty();
        }
        long pid = Long.parseLong(fields[0]);
        long started = fields.length > 1 ? Long.parseLong(fields[1]) : 0L;
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> started == 0L || p.info().startInstant().map(Instant::toEpochMilli).orElse(started) == started);
    }

    private static void write(Path file, String content) {
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
