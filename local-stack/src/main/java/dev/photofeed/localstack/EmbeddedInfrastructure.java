package dev.photofeed.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Real servers as processes on this machine, from Maven Central artifacts: no Docker needed. */
public final class EmbeddedInfrastructure implements Infrastructure {

    private final List<Server> servers;
    private final Endpoints endpoints;

    private EmbeddedInfrastructure(List<Server> servers, Endpoints endpoints) {
        this.servers = servers;
        this.endpoints = endpoints;
    }

    /** Starts every server in parallel and returns once all are ready; stops what started if one fails. */
    public static EmbeddedInfrastructure start(Ports ports, Path dataDir, Path logDir, ProcessRegistry registry,
                                               java.util.function.Consumer<Server> onReady) {
        List<PostgresServer> shards = new ArrayList<>();
        for (int i = 0; i < ports.postgres().size(); i++) {
            String name = Component.POSTGRES.id() + "-" + i;
            shards.add(new PostgresServer(name, ports.postgres().get(i), dataDir.resolve("postgres").resolve("shard-" + i),
                    logDir.resolve(name + ".log"), registry));
        }
        RedisServer redis = new RedisServer(ports.of(Component.REDIS), dataDir.resolve("redis"), logDir.resolve("redis.log"), registry);
        KafkaBroker kafka = new KafkaBroker(ports.of(Component.KAFKA), ports.kafkaController(), dataDir.resolve("kafka"),
                logDir.resolve("kafka.log"), registry);
        ObjectStore objectStore = new ObjectStore(ports.of(Component.OBJECT_STORE), dataDir.resolve("object-store"),
                logDir.resolve("object-store.log"), registry);

        List<Server> servers = new ArrayList<>(shards);
        servers.addAll(List.of(redis, kafka, objectStore));
        startAll(servers, onReady);
        Endpoints endpoints = new Endpoints(shards.stream().map(PostgresServer::endpoint).toList(),
                "localhost", ports.of(Component.REDIS), kafka.bootstrapServers(),
                objectStore.endpoint(), ObjectStore.ACCESS_KEY, ObjectStore.SECRET_KEY);
        return new EmbeddedInfrastructure(servers, endpoints);
    }

    /** Starts servers side by side; if any fails, closes all and rethrows the first failure. */
    static void startAll(List<? extends Server> servers, java.util.function.Consumer<Server> onReady) {
        try (ExecutorService starters = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> started = servers.stream().<Future<?>>map(server -> starters.submit(() -> {
                server.start();
                onReady.accept(server);
                return null;
            })).toList();
            RuntimeException failure = null;
            for (int i = 0; i < servers.size(); i++) {
                try {
                    started.get(i).get();
                } catch (Exception e) {
                    Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
                    if (failure == null) {
                        failure = new ServerFailedException(servers.get(i).name(), cause);
                    }
                }
            }
            if (failure != null) {
                closeAll(servers);
                throw failure;
            }
        }
    }

    static void closeAll(List<? extends Server> servers) {
        try (ExecutorService stoppers = Executors.newVirtualThreadPerTaskExecutor()) {
            servers.reversed().forEach(server -> stoppers.submit(server::close));
        }
    }

    /** The servers, in start order, for a supervisor that stops and starts them one at a time. */
    List<Server> servers() {
        return servers;
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        closeAll(servers);
    }
}
