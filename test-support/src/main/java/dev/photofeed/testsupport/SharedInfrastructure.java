package dev.photofeed.testsupport;

import dev.photofeed.localstack.Databases;
import dev.photofeed.localstack.EmbeddedInfrastructure;
import dev.photofeed.localstack.Endpoints;
import dev.photofeed.localstack.Infrastructure;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.Reaper;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The servers of one test JVM, started on first use and stopped when the JVM exits; if the JVM is killed, the
 * {@link Reaper} stops them. {@code -Dphotofeed.infrastructure=embedded|containers} overrides the choice.
 */
final class SharedInfrastructure {

    static final int SHARDS = 2;

    private static Infrastructure infrastructure;
    private static final Map<Class<?>, TestStores> STORES = new ConcurrentHashMap<>();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private SharedInfrastructure() {
    }

    static synchronized Endpoints endpoints() {
        if (infrastructure == null) {
            infrastructure = start();
            Runtime.getRuntime().addShutdownHook(new Thread(infrastructure::close));
        }
        return infrastructure.endpoints();
    }

    /** The stores of one test class, made on its first use. */
    static TestStores storesFor(Class<?> testClass) {
        return STORES.computeIfAbsent(testClass, c -> isolate(endpoints()));
    }

    private static TestStores isolate(Endpoints endpoints) {
        int n = NEXT.incrementAndGet();
        String name = "t" + n + "_" + Long.toString(ProcessHandle.current().pid(), 36);
        for (Endpoints.Postgres shard : endpoints.postgres()) {
            Databases.create(shard, name);
        }
        int redisDatabase = n % 16;
        flushRedis(endpoints, redisDatabase);
        return new TestStores(endpoints, name, redisDatabase, name + ".", name.replace('_', '-'));
    }

    private static void flushRedis(Endpoints endpoints, int database) {
        RedisClient client = RedisClient.create(RedisURI.builder()
                .withHost(endpoints.redisHost()).withPort(endpoints.redisPort()).withDatabase(database).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }

    private static Infrastructure start() {
        String choice = System.getProperty("photofeed.infrastructure", "auto");
        boolean containers = switch (choice) {
            case "containers" -> true;
            case "embedded" -> false;
            default -> ContainerInfrastructure.dockerAvailable();
        };
        if (containers) {
            return ContainerInfrastructure.start(SHARDS);
        }
        try {
            Path root = Files.createTempDirectory("photofeed-test-");
            ProcessRegistry registry = new ProcessRegistry(root.resolve("run"));
            Reaper.watch(registry, root.resolve("reaper.log"));
            EmbeddedInfrastructure embedded = EmbeddedInfrastructure.start(Ports.free(SHARDS), root.resolve("data"),
                    root.resolve("logs"), registry, server -> { });
            return new Infrastructure() {
                @Override
                public Endpoints endpoints() {
                    return embedded.endpoints();
                }

                @Override
                public void close() {
                    embedded.close();
                    deleteQuietly(root);
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temp files; the OS clears them
        }
    }
}
