package dev.photofeed.localstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * The ports of the stack. Fixed defaults (documented in docs/configuration.md), each overridable by an environment
 * variable; tests take free ports instead.
 */
public record Ports(int gateway, int userService, int mediaService, int feedService,
                    List<Integer> postgres, int redis, int kafka, int kafkaController, int objectStore,
                    int zipkin) {

    /** Ports other than the Postgres shards'. */
    private static final int COMPONENTS = 9;

    /** The defaults, overridden by PHOTOFEED_*_PORT variables. */
    public static Ports fromEnvironment(Map<String, String> env, int shards) {
        int postgresBase = port(env, "PHOTOFEED_POSTGRES_PORT", 15432);
        return new Ports(
                port(env, "PHOTOFEED_GATEWAY_PORT", 8080),
                port(env, "PHOTOFEED_USER_SERVICE_PORT", 8081),
                port(env, "PHOTOFEED_MEDIA_SERVICE_PORT", 8082),
                port(env, "PHOTOFEED_FEED_SERVICE_PORT", 8083),
                IntStream.range(0, shards).mapToObj(i -> postgresBase + i).toList(),
                port(env, "PHOTOFEED_REDIS_PORT", 16379),
                port(env, "PHOTOFEED_KAFKA_PORT", 19092),
                port(env, "PHOTOFEED_KAFKA_CONTROLLER_PORT", 19093),
                port(env, "PHOTOFEED_OBJECT_STORE_PORT", 19000),
                port(env, "PHOTOFEED_ZIPKIN_PORT", 9411));
    }

    /**
     * Test ports come from below Linux's ephemeral range (32768 and up). A port the OS picks for bind(0) is
     * ephemeral, so any outgoing connection on the machine may take it before the server it was picked for
     * binds it; that once left a test stack's Postgres shard unable to start.
     */
    private static final int TEST_PORTS_FROM = 20_000;
    private static final int TEST_PORTS_TO = 32_768;
    /** Never hand out a port twice in one JVM: a port picked but not yet bound still looks free. Guarded by {@link #claim}. */
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    /** Free ports for a test JVM's servers; the shards' are consecutive, as {@code PHOTOFEED_POSTGRES_PORT + i}. */
    public static Ports free(int shards) {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < COMPONENTS; i++) {
            ports.add(freeConsecutive(1));
        }
        int shardBase = shards == 0 ? 0 : freeConsecutive(shards);
        return new Ports(ports.get(0), ports.get(1), ports.get(2), ports.get(3),
                IntStream.range(0, shards).mapToObj(i -> shardBase + i).toList(),
                ports.get(4), ports.get(5), ports.get(6), ports.get(7), ports.get(8));
    }

    /** The first of {@code count} consecutive ports that are free and not yet handed out in this JVM. */
    private static int freeConsecutive(int count) {
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(TEST_PORTS_FROM, TEST_PORTS_TO - count);
            List<Integer> run = IntStream.range(first, first + count).boxed().toList();
            if (run.stream().allMatch(Ports::isFree) && claim(run)) {
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports between " + TEST_PORTS_FROM + " and " + TEST_PORTS_TO);
    }

    private static synchronized boolean claim(List<Integer> run) {
        if (run.stream().anyMatch(HANDED_OUT::contains)) {
            return false;
        }
        return HANDED_OUT.addAll(run);
    }

    /** Every port with the component that uses it and the variable that moves it. */
    public Map<Integer, String> owners() {
        Map<Integer, String> owners = new LinkedHashMap<>();
        owners.put(gateway, "gateway (PHOTOFEED_GATEWAY_PORT)");
        owners.put(userService, "user-service (PHOTOFEED_USER_SERVICE_PORT)");
        owners.put(mediaService, "media-service (PHOTOFEED_MEDIA_SERVICE_PORT)");
        owners.put(feedService, "feed-service (PHOTOFEED_FEED_SERVICE_PORT)");
        for (int i = 0; i < postgres.size(); i++) {
            owners.put(postgres.get(i), "postgres shard-" + i + " (PHOTOFEED_POSTGRES_PORT + " + i + ")");
        }
        owners.put(redis, "redis (PHOTOFEED_REDIS_PORT)");
        owners.put(kafka, "kafka (PHOTOFEED_KAFKA_PORT)");
        owners.put(kafkaController, "kafka controller (PHOTOFEED_KAFKA_CONTROLLER_PORT)");
        owners.put(objectStore, "object store (PHOTOFEED_OBJECT_STORE_PORT)");
        owners.put(zipkin, "zipkin (PHOTOFEED_ZIPKIN_PORT)");
        return owners;
    }

    /** The first port someone else already holds, with its owner's description. */
    public java.util.Optional<String> firstTaken() {
        if (owners().size() != COMPONENTS + postgres.size()) {
            return java.util.Optional.of("two components are set to the same port: " + owners());
        }
        return owners().entrySet().stream()
                .filter(e -> !isFree(e.getKey()))
                .map(e -> "port " + e.getKey() + " for " + e.getValue() + " is already in use")
                .findFirst();
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // as servers bind: TIME_WAIT left by a stopped stack is no obstacle
            socket.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static int port(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new StackException(name + "=" + value + " is not a port number (1-65535)");
        }
    }
}
