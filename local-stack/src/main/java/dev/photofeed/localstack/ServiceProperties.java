package dev.photofeed.localstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration contract between the stack and the services: the Spring properties each service binds
 * to find its stores. The launcher passes them as environment variables, the test extension as a property
 * source; both build them here so the names live once.
 */
public final class ServiceProperties {

    private ServiceProperties() {
    }

    /** What the catalogue says a service is given, as the properties it binds. */
    public static Map<String, String> given(Component service, Endpoints endpoints, Ports ports) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Component.Given given : service.given()) {
            properties.putAll(given(given, service, endpoints, ports));
        }
        return properties;
    }

    /** The properties for one thing a service is given. */
    public static Map<String, String> given(Component.Given given, Component service, Endpoints endpoints, Ports ports) {
        return switch (given) {
            case SHARDS -> shards(endpoints.postgres(), service.database().orElse(service.id()));
            case REDIS -> redis(endpoints, 0);
            case KAFKA -> kafka(endpoints, "");
            case OBJECT_STORE -> objectStore(endpoints, "photos");
            case PEERS -> peers(service, ports);
        };
    }

    /**
     * Where the other services are: every service but the gateway is an upstream; user-service holds the signing
     * keys, the others fetch the public ones from it.
     */
    public static Map<String, String> peers(Component service, Ports ports) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (Component peer : Component.services()) {
            if (peer != Component.GATEWAY) {
                properties.put("photofeed.upstream." + peer.id(), "http://localhost:" + ports.of(peer));
            }
        }
        if (service != Component.USER_SERVICE) {
            properties.put("photofeed.auth.jwks-url", "http://localhost:" + ports.of(Component.USER_SERVICE) + "/internal/jwks.json");
        }
        return properties;
    }

    /** One database per shard server; logical shards map onto these through the hash ring by name. */
    public static Map<String, String> shards(List<Endpoints.Postgres> servers, String database) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            properties.put("photofeed.shards.physical[" + i + "].name", "shard-" + i);
            properties.put("photofeed.shards.physical[" + i + "].url", servers.get(i).jdbcUrl(database));
        }
        properties.put("photofeed.shards.username", servers.getFirst().username());
        properties.put("photofeed.shards.password", servers.getFirst().password());
        return properties;
    }

    public static Map<String, String> redis(Endpoints endpoints, int database) {
        return Map.of(
                "spring.data.redis.host", endpoints.redisHost(),
                "spring.data.redis.port", String.valueOf(endpoints.redisPort()),
                "spring.data.redis.database", String.valueOf(database));
    }

    /** Topic and consumer-group names carry the prefix, so several stacks or test classes can share a broker. */
    public static Map<String, String> kafka(Endpoints endpoints, String prefix) {
        return Map.of(
                "spring.kafka.bootstrap-servers", endpoints.kafkaBootstrapServers(),
                "photofeed.kafka.prefix", prefix);
    }

    public static Map<String, String> objectStore(Endpoints endpoints, String bucket) {
        return Map.of(
                "photofeed.object-store.endpoint", endpoints.s3Endpoint(),
                "photofeed.object-store.access-key", endpoints.s3AccessKey(),
                "photofeed.object-store.secret-key", endpoints.s3SecretKey(),
                "photofeed.object-store.bucket", bucket);
    }

    /**
     * Logs for a person reading files: text on the console (which the stack writes to {@code <service>.log}),
     * with trace and span ids in each line, and the structured JSON the service emits in containers to
     * {@code <service>.json} beside it, for tools.
     */
    public static Map<String, String> logs(java.nio.file.Path logDir, String service) {
        return Map.of(
                "logging.structured.format.console", "",
                "logging.file.name", logDir.resolve(service + ".json").toAbsolutePath().toString(),
                "logging.structured.format.file", "logstash");
    }

    /** Spring's relaxed binding for environment variables: {@code a.b-c[0].d} is {@code A_BC_0_D}. */
    public static String environmentVariable(String property) {
        return property.replace("-", "")
                .replace("[", ".").replace("]", "")
                .replace('.', '_')
                .toUpperCase(java.util.Locale.ROOT);
    }

    public static Map<String, String> asEnvironment(Map<String, String> properties) {
        Map<String, String> env = new LinkedHashMap<>();
        properties.forEach((k, v) -> env.put(environmentVariable(k), v));
        return env;
    }
}
