package dev.photofeed.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A server running as a child process of ours, logging to its own file, written down in the registry. */
final class ChildProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final ProcessRegistry registry;

    private ChildProcess(String name, Process process, Path log, ProcessRegistry registry) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.registry = registry;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment,
                              Path workDir, Path log, ProcessRegistry registry) {
        try {
            Files.createDirectories(log.getParent());
            Files.createDirectories(workDir);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(environment);
            Process process = builder.start();
            registry.record(name, process.toHandle());
            return new ChildProcess(name, process, log, registry);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** Waits until {@code ready} holds; fails at once with the log's tail if the process dies first. */
    void awaitReady(Duration timeout, BooleanSupplier ready) {
        Waits.until(timeout, name, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + "; the end of " + log + ":\n" + Logs.tail(log, 20));
            }
            return ready.getAsBoolean();
        }, log);
    }

    @Override
    public void close() {
        ProcessRegistry.stopTree(process.toHandle());
        registry.forget(name);
    }
}
