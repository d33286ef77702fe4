package dev.photofeed.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * Starts the whole system in order (servers and the trace UI, their databases, then the four deployables, each
 * its own JVM with the tracing agent), records progress in the state file that {@code ./stack up --detach}
 * waits on, and stops it all in reverse. Whole-system tests drive it directly.
 */
public final class Supervisor {

    static final String SUPERVISOR = "supervisor";

    private final StackLayout layout;
    private final ProcessRegistry registry;
    private final Consumer<String> progress;
    private final List<Server> services = new ArrayList<>();
    private EmbeddedInfrastructure infrastructure;
    private ZipkinServer zipkin;
    private Process reaper;

    public Supervisor(StackLayout layout, Consumer<String> progress) {
        this.layout = layout;
        this.registry = layout.registry();
        this.progress = progress;
    }

    /** Everything up and ready, or a {@link ServerFailedException} after stopping what had started. */
    public synchronized void start() {
        layout.supervisor().record(SUPERVISOR, ProcessHandle.current());
        reaper = Reaper.watch(registry, layout.log("reaper"));
        state("STARTING");
        try {
            // the trace UI starts beside the stores, so it is there when the first service sends spans
            zipkin = new ZipkinServer(layout.ports().zipkin(), layout.data().resolve("zipkin"), layout.log("zipkin"), registry);
            CompletableFuture<Void> zipkinReady = CompletableFuture.runAsync(() -> EmbeddedInfrastructure.startAll(
                    List.of(zipkin), server -> progress.accept("  ready  zipkin on port " + server.port())));
            infrastructure = EmbeddedInfrastructure.start(layout.ports(), layout.data(), layout.logs(), registry,
                    server -> progress.accept("  ready  " + server.name() + " on port " + server.port()));
            for (Endpoints.Postgres shard : infrastructure.endpoints().postgres()) {
                Databases.create(shard, "users");
                Databases.create(shard, "media");
            }
            zipkinReady.join();
            services.addAll(services(infrastructure.endpoints()));
            EmbeddedInfrastructure.startAll(services,
                    service -> progress.accept("  ready  " + service.name() + " on port " + service.port()));
            state("READY");
        } catch (RuntimeException thrown) {
            RuntimeException e = thrown instanceof CompletionException c && c.getCause() instanceof RuntimeException r ? r : thrown;
            String failed = e instanceof ServerFailedException f ? f.server() : "stack";
            state("FAILED " + failed + "\n" + e.getMessage());
            stop();
            throw e;
        }
    }

    private List<Server> services(Endpoints endpoints) {
        Ports ports = layout.ports();
        Map<String, String> upstreams = Map.of(
                "photofeed.upstream.user-service", "http://localhost:" + ports.userService(),
                "photofeed.upstream.media-service", "http://localhost:" + ports.mediaService(),
                "photofeed.upstream.feed-service", "http://localhost:" + ports.feedService(),
                "photofeed.auth.jwks-url", "http://localhost:" + ports.userService() + "/internal/jwks.json");
        Map<String, String> common = new LinkedHashMap<>(ServiceProperties.redis(endpoints, 0));
        common.putAll(ServiceProperties.kafka(endpoints, ""));
        common.putAll(upstreams);

        Map<String, String> users = new LinkedHashMap<>(common);
        users.putAll(ServiceProperties.shards(endpoints.postgres(), "users"));
        users.put("photofeed.seeding.enabled", "true"); // ./stack seed's bulk sign-up: a local stack holds test data only
        Map<String, String> media = new LinkedHashMap<>(common);
        media.putAll(ServiceProperties.shards(endpoints.postgres(), "media"));
        media.putAll(ServiceProperties.objectStore(endpoints, "photos"));
        Map<String, String> gateway = new LinkedHashMap<>(ServiceProperties.redis(endpoints, 0));
        gateway.putAll(upstreams);

        return List.of(
                service("user-service", ports.userService(), users),
                service("media-service", ports.mediaService(), media),
                service("feed-service", ports.feedService(), common),
                service("gateway", ports.gateway(), gateway));
    }

    private Server service(String module, int port, Map<String, String> properties) {
        Map<String, String> withLogs = new LinkedHashMap<>(properties);
        withLogs.putAll(ServiceProperties.logs(layout.logs(), module));
        return new ServiceProcess(module, port, layout.jar(module), ServiceProperties.asEnvironment(withLogs),
                layout.tracing().jvmOptions(module, module.equals("gateway")), layout.data().resolve("services").resolve(module), layout.log(module), registry);
    }

    public synchronized void stop() {
        EmbeddedInfrastructure.closeAll(services);
        services.clear();
        if (zipkin != null) {
            zipkin.close();
            zipkin = null;
        }
        if (infrastructure != null) {
            infrastructure.close();
            infrastructure = null;
        }
        registry.reapAll();
        state("STOPPED");
        layout.supervisor().forget(SUPERVISOR);
        if (reaper != null) {
            reaper.destroy();
        }
    }

    private void state(String state) {
        try {
            Files.createDirectories(layout.stateFile().getParent());
            Files.writeString(layout.stateFile(), state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
