package dev.photofeed.loadtests.experiment;

import dev.photofeed.localstack.StackException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A technique an experiment turns off: the environment variables (the switches table in docs/configuration.md)
 * that the stack's processes inherit from the launcher. {@code cold-connections} is the experiment of “Building
 * million scale distributed systems”: a new connection for every Postgres transaction and Redis command and no
 * pipelining, against warm pools and pipelining. Warm pools stay at their default there: with no pool there is
 * nothing to keep warm.
 */
public record Switch(String name, Map<String, String> off, String meaning) {

    public static final Map<String, Switch> ALL = new LinkedHashMap<>();

    static {
        add(new Switch("warm-pools", Map.of("PHOTOFEED_WARMPOOLS_ENABLED", "false"),
                "Postgres pools start empty and grow on demand"));
        add(new Switch("pipelining", Map.of("PHOTOFEED_REDIS_PIPELINING_ENABLED", "false"),
                "feed-service's Redis writes take one round trip per command"));
        add(new Switch("cold-connections", Map.of("PHOTOFEED_CONNECTIONREUSE_ENABLED", "false", "PHOTOFEED_REDIS_PIPELINING_ENABLED", "false"),
                "a new connection for every Postgres transaction and Redis command, and no pipelining"));
        add(new Switch("caching", Map.of("PHOTOFEED_CACHE_ENABLED", "false"),
                "profiles, photo metadata and photo-id lists come from Postgres every time"));
        add(new Switch("precomputation", Map.of("PHOTOFEED_FEED_PRECOMPUTE_ENABLED", "false"),
                "no fan-out on write: every feed read gathers from the follow list"));
        add(new Switch("rate-limiting", Map.of("PHOTOFEED_RATELIMIT_ENABLED", "false"),
                "the gateway forwards every call however fast it comes"));
        add(new Switch("breakers", Map.of("PHOTOFEED_EDGE_BREAKERS_ENABLED", "false"),
                "the gateway's routes have no circuit breaker or time limit: callers wait on a slow service"));
        add(new Switch("token-cache", Map.of("PHOTOFEED_AUTH_TOKENCACHE_ENABLED", "false"),
                "the gateway and every service check each token's ES256 signature on every call"));
        add(new Switch("tracing", Map.of("PHOTOFEED_TRACING_ENABLED", "false"),
                "no OpenTelemetry agent in any service: what tracing costs, not a technique that saves"));
    }

    private static void add(Switch s) {
        ALL.put(s.name(), s);
    }

    public static Switch named(String name) {
        Switch s = ALL.get(name);
        if (s == null) {
            throw new StackException("unknown switch '" + name + "': use " + String.join(", ", ALL.keySet()));
        }
        return s;
    }
}
