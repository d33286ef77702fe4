package dev.photofeed.feed;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Databases;
import dev.photofeed.localstack.Endpoints;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.ServiceProcess;
import dev.photofeed.localstack.ServiceProperties;
import dev.photofeed.testsupport.TestStores;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The real user-service and media-service, each its own JVM from the jar the reactor built before us, on the
 * test class's stores (its Kafka prefix, so their events reach our consumers) with their own databases.
 * Started once per test class's stores (two classes sharing one pair would send one's events under the other's
 * prefix), stopped when the JVM exits.
 */
final class Peers {

    private static final Map<String, Peers> RUNNING = new HashMap<>();

    final String userService;
    final String mediaService;

    private Peers(String userService, String mediaService) {
        this.userService = userService;
        this.mediaService = mediaService;
    }

    static synchronized Peers start(TestStores stores) {
        Peers running = RUNNING.get(stores.database());
        if (running != null) {
            return running;
        }
        try {
            Path root = Files.createTempDirectory("feed-peers-");
            ProcessRegistry registry = new ProcessRegistry(root.resolve("run"));
            Ports ports = Ports.free(0);
            String users = "http://127.0.0.1:" + ports.of(Component.USER_SERVICE);
            String media = "http://127.0.0.1:" + ports.of(Component.MEDIA_SERVICE);

            Map<String, String> userEnv = environment(stores, "users_" + stores.database());
            userEnv.put("PHOTOFEED_SIGNING_KEYDIR", root.resolve("keys").toString());
            Map<String, String> mediaEnv = environment(stores, "media_" + stores.database());
            mediaEnv.put("PHOTOFEED_AUTH_JWKSURL", users + "/internal/jwks.json");

            ServiceProcess userService = new ServiceProcess("user-service", ports.of(Component.USER_SERVICE),
                    copy(root, "user-service"), userEnv, dir(root, "user-service"),
                    root.resolve("user-service.log"), registry);
            ServiceProcess mediaService = new ServiceProcess("media-service", ports.of(Component.MEDIA_SERVICE),
                    copy(root, "media-service"), mediaEnv, dir(root, "media-service"),
                    root.resolve("media-service.log"), registry);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                mediaService.close();
                userService.close();
                deleteTree(root);
            }));
            CompletableFuture.allOf(CompletableFuture.runAsync(userService::start),
                    CompletableFuture.runAsync(mediaService::start)).join();
            running = new Peers(users, media);
            RUNNING.put(stores.database(), running);
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> environment(TestStores stores, String database) {
        Endpoints endpoints = stores.endpoints();
        for (Endpoints.Postgres shard : endpoints.postgres()) {
            Databases.create(shard, database);
        }
        Map<String, String> properties = new HashMap<>(stores.serviceProperties());
        properties.putAll(ServiceProperties.shards(endpoints.postgres(), database));
        return new HashMap<>(ServiceProperties.asEnvironment(properties));
    }

    /** A copy of the jar: a build that replaces it meanwhile must not pull classes from under the running JVM. */
    private static Path copy(Path root, String service) throws IOException {
        Path jar = Path.of("../" + service + "/target/" + service + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: ./mvnw -pl " + service + " package first");
        }
        return Files.copy(jar, root.resolve(service + ".jar"));
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder: the OS clears what is left
        }
    }

    private static Path dir(Path root, String name) throws IOException {
        return Files.createDirectories(root.resolve(name));
    }
}
