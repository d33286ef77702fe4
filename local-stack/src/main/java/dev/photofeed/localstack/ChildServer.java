package dev.photofeed.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A server that runs as a child process of ours, in its own folder, logging to its own file. */
abstract class ChildServer implements Server {

    private final String name;
    private final int port;
    protected final Path dir;
    protected final Path log;
    private final ProcessRegistry registry;
    private ChildProcess process;

    ChildServer(String name, int port, Path dir, Path log, ProcessRegistry registry) {
        this.name = name;
        this.port = port;
        this.dir = dir;
        this.log = log;
        this.registry = registry;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int port() {
        return port;
    }

    /** Starts the process and returns once {@code ready} holds. */
    protected final void launch(List<String> command, Map<String, String> environment, Duration timeout, BooleanSupplier ready) {
        process = ChildProcess.start(name, command, environment, dir, log, registry);
        process.awaitReady(timeout, ready);
    }

    @Override
    public void close() {
        if (process != null) {
            process.close();
            process = null;
        }
    }
}
