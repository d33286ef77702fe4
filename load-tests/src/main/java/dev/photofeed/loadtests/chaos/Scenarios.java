package dev.photofeed.loadtests.chaos;

import dev.photofeed.loadtests.chaos.Fault.Action;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The named fault schedules of {@code ./stack chaos}, each fault with the blast radius the design promises:
 * a service down fails only the calls routed to it, a shard only the calls that touch its users, Redis only feed
 * reads (the rate limiter fails open, the caches fall back to Postgres), Kafka nothing (writes wait in the outbox).
 */
final class Scenarios {

    private static final Duration MINUTE = Duration.ofSeconds(60);
    private static final Set<Op> USER_SERVICE = Set.of(Op.FOLLOW, Op.UNFOLLOW, Op.PROFILE);
    private static final Set<Op> SHARD = Set.of(Op.POST, Op.FOLLOW, Op.UNFOLLOW, Op.PROFILE);

    static final Map<String, List<Fault>> ALL = scenarios();

    private Scenarios() {
    }

    private static Map<String, List<Fault>> scenarios() {
        Map<String, List<Fault>> s = new LinkedHashMap<>();
        s.put("kill-services", List.of(
                kill("user-service", USER_SERVICE),
                kill("media-service", Set.of(Op.POST)),
                kill("feed-service", Set.of(Op.READ_FEED)),
                kill("gateway", Set.of(Op.values()))));
        s.put("shard-down", List.of(new Fault("shard-down", "postgres-shard-0", Action.STOP, MINUTE, SHARD, 0)));
        s.put("redis-down", List.of(new Fault("redis-down", "redis", Action.STOP, MINUTE, Set.of(Op.READ_FEED), -1)));
        s.put("redis-empty", List.of(new Fault("redis-empty", "redis", Action.STOP_EMPTY, MINUTE, Set.of(Op.READ_FEED), -1)));
        s.put("kafka-down", List.of(new Fault("kafka-down", "kafka", Action.STOP, MINUTE, Set.of(), -1)));
        s.put("pause-service", List.of(new Fault("pause-user-service", "user-service", Action.PAUSE, Duration.ofSeconds(30), USER_SERVICE, -1)));
        // the short one ./mvnw verify runs: a crash and a shard outage during posts and follows
        s.put("smoke", List.of(
                kill("media-service", Set.of(Op.POST)),
                new Fault("shard-down", "postgres-shard-1", Action.STOP, Duration.ofSeconds(15), SHARD, 1)));
        List<Fault> all = new ArrayList<>();
        s.forEach((name, faults) -> {
            if (!name.equals("smoke")) {
                all.addAll(faults);
            }
        });
        s.put("all", List.copyOf(all));
        return s;
    }

    private static Fault kill(String service, Set<Op> radius) {
        return new Fault("kill-" + service, service, Action.KILL, Duration.ZERO, radius, -1);
    }
}
