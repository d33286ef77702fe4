package dev.photofeed.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Starts the whole system in order (servers and the trace UI, their databases, then the four deployables, each
 * its own JVM with the tracing agent), records progress in the state file that {@code ./stack up --detach}
 * waits on, and stops it all in reverse. Whole-system tests drive it directly.
 *
 * <p>Once ready it watches, as a container platform does: a component whose process dies is started again
 * (unless {@code PHOTOFEED_RESTART_ON_EXIT=false}), and counted in the restarts that {@code ./stack status}
 * shows; {@code ./stack stop|start|restart} reach it through {@link ControlRequests}. A component stopped that
 * way is held down until started.
 */
public final class Supervisor {

    static final String SUPERVISOR = "supervisor";

    private final StackLayout layout;
    private final ProcessRegistry registry;
    private final Consumer<String> progress;
    private final List<Server> services = new ArrayList<>();
    private final Map<String, Server> components = new ConcurrentHashMap<>();
    /** Components being started or stopped on a thread of their own: the watch leaves them alone. */
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    private final ControlRequests requests;
    private final Path held;
    private EmbeddedInfrastructure infrastructure;
    private ZipkinServer zipkin;
    private Process reaper;
    private Thread watch;

    public Supervisor(StackLayout layout, Consumer<String> progress) {
        this.layout = layout;
        this.registry = layout.registry();
        this.progress = progress;
        this.requests = new ControlRequests(layout.control().resolve("requests"));
        this.held = layout.control().resolve("held");
    }

    /** Everything up and ready, or a {@link ServerFailedException} after stopping what had started. */
    public synchronized void start() {
        layout.supervisor().record(SUPERVISOR, ProcessHandle.current());
        reaper = Reaper.watch(registry, layout.log("reaper"));
        state("STARTING");
        try {
            // the trace UI starts beside the stores, so it is there when the first service sends spans
            zipkin = new ZipkinServer(layout.ports().of(Component.ZIPKIN), layout.data().resolve("zipkin"), layout.log("zipkin"), registry);
            CompletableFuture<Void> zipkinReady = CompletableFuture.runAsync(() -> EmbeddedInfrastructure.startAll(
                    List.of(zipkin), server -> progress.accept("  ready  zipkin on port " + server.port())));
            infrastructure = EmbeddedInfrastructure.start(layout.ports(), layout.data(), layout.logs(), registry,
                    server -> progress.accept("  ready  " + server.name() + " on port " + server.port()));
            for (Endpoints.Postgres shard : infrastructure.endpoints().postgres()) {
                Component.databases().forEach(database -> Databases.create(shard, database));
            }
            zipkinReady.join();
            services.addAll(services(infrastructure.endpoints()));
            EmbeddedInfrastructure.startAll(services,
                    service -> progress.accept("  ready  " + service.name() + " on port " + service.port()));
            infrastructure.servers().forEach(server -> components.put(server.name(), server));
            components.put(zipkin.name(), zipkin);
            services.forEach(server -> components.put(server.name(), server));
            Restarts.clear(layout);
            deleteHeld();
            watch = Thread.ofPlatform().daemon().name("supervisor-watch").start(this::watch);
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
        return Component.services().stream().map(service -> {
            Map<String, String> properties = new LinkedHashMap<>(ServiceProperties.given(service, endpoints, layout.ports()));
            if (service == Component.USER_SERVICE) {
                properties.put("photofeed.seeding.enabled", "true"); // ./stack seed's bulk sign-up: a local stack holds test data only
            }
            if (service == Component.GATEWAY) {
                // a proxy run on this machine in front of the stack names its clients in X-Forwarded-For
                properties.put("photofeed.edge.trusted-proxies", "127.0.0.1,::1");
            }
            return service(service, properties);
        }).toList();
    }

    private Server service(Component service, Map<String, String> properties) {
        String module = service.id();
        int port = layout.ports().of(service);
        int management = layout.ports().management(service);
        Map<String, String> withLogs = new LinkedHashMap<>(properties);
        withLogs.putAll(ServiceProperties.logs(layout.logs(), module));
        if (management != port) {
            withLogs.put("management.server.port", String.valueOf(management));
        }
        return new ServiceProcess(module, port, management, layout.jar(module), ServiceProperties.asEnvironment(withLogs),
                layout.tracing().jvmOptions(module, service == Component.GATEWAY), layout.data().resolve("services").resolve(module), layout.log(module), registry);
    }

    /** Every half second: answer the control requests, and start again what died. */
    private void watch() {
        while (!Thread.currentThread().isInterrupted()) {
            requests.serve(this::handle);
            if (layout.restartOnExit()) {
                components.values().forEach(server -> {
                    String name = server.name();
                    if (!Files.exists(held.resolve(name)) && registry.find(name).isEmpty() && busy.add(name)) {
                        Thread.ofVirtual().name("restart-" + name).start(() -> restartDead(server));
                    }
                });
            }
            Waits.sleep(500);
        }
    }

    private void restartDead(Server server) {
        try {
            progress.accept("  exited " + server.name() + "; starting it again");
            long started = System.nanoTime();
            relaunch(server);
            Restarts.count(layout, server.name());
            progress.accept(String.format("  ready  %s again (%.1f s)", server.name(), (System.nanoTime() - started) / 1e9));
        } catch (RuntimeException e) {
            progress.accept("  failed to start " + server.name() + " again: " + e.getMessage());
            Waits.sleep(5_000); // then the next watch tries once more
        } finally {
            busy.remove(server.name());
        }
    }

    /** One control request: {@code stop}, {@code start}, {@code start-empty} (a wiped cache) or {@code restart}. */
    private String handle(String action, String name) {
        Server server = components.get(name);
        if (server == null) {
            throw new StackException("unknown component '" + name + "': ./stack status lists them");
        }
        while (!busy.add(name)) {
            Waits.sleep(100); // a restart after a kill is under way: act once it is done
        }
        try {
            return switch (action) {
                case "stop" -> {
                    hold(name);
                    closeQuietly(server);
                    yield "stopped " + name;
                }
                case "start", "start-empty" -> {
                    if (registry.find(name).isPresent()) {
                        release(name);
                        yield name + " is already running";
                    }
                    if (action.equals("start-empty")) {
                        server.wipe();
                    }
                    relaunch(server);
                    release(name);
                    yield "started " + name + (action.equals("start-empty") ? " empty" : "");
                }
                case "restart" -> {
                    hold(name);
                    closeQuietly(server);
                    relaunch(server);
                    release(name);
                    yield "restarted " + name;
                }
                default -> throw new StackException("unknown action '" + action + "'");
            };
        } finally {
            busy.remove(name);
        }
    }

    /** Clears what is left of the process (a pid file, a lock), then starts it and waits until it is ready. */
    private static void relaunch(Server server) {
        closeQuietly(server);
        try {
            server.start();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(server.name() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(Server server) {
        try {
            server.close();
        } catch (RuntimeException alreadyGone) {
            // a killed process leaves nothing to stop cleanly
        }
    }

    private void hold(String name) {
        ControlRequests.write(held.resolve(name), "stopped on request");
    }

    private void release(String name) {
        try {
            Files.deleteIfExists(held.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void deleteHeld() {
        components.keySet().forEach(this::release);
    }

    public synchronized void stop() {
        if (watch != null) {
            watch.interrupt();
            try {
                watch.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            watch = null;
        }
        components.keySet().forEach(this::hold); // a restart under way must not outlive the stop
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
        deleteHeld();
        components.clear();
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
