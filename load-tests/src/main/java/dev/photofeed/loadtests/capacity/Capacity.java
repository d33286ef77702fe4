package dev.photofeed.loadtests.capacity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.loadtests.Args;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.localstack.StackException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./stack capacity}: the arithmetic of “What does 100 million users on a Google service mean?”. A target
 * rate (given, or from users × requests per user per day × a peak factor) times the measured CPU-µs per request is
 * cores; cores become pods per service, Redis and Postgres shards, and Kafka partitions. Every assumption is an
 * option with a default, and is printed. See docs/capacity.md.
 */
public final class Capacity {

    private Capacity() {
    }

    /** The figures the model needs, each with the option that sets it. */
    record Assumptions(double rps, Map<String, Double> cpuUsPerRequest, double utilisation, double coresPerPod,
                       double coresPerPostgres, double writeShare, double eventsPerPartition) {
    }

    public static int run(List<String> raw, PrintStream out) {
        Args args = Args.parse(raw, Set.of("--rps", "--users", "--requests-per-user-day", "--peak-factor", "--cpu-us", "--from",
                "--utilisation", "--cores-per-pod", "--cores-per-postgres", "--write-share", "--events-per-partition"), Set.of());
        double rps = args.options().containsKey("--rps")
                ? args.decimal("--rps", 0, 1, 1e12)
                : args.decimal("--users", 100_000_000, 1, 1e12) * args.decimal("--requests-per-user-day", 100, 0.001, 1e6)
                / 86_400 * args.decimal("--peak-factor", 2, 1, 100);
        Map<String, Double> cpu = args.options().containsKey("--from")
                ? measured(Path.of(args.text("--from", "")))
                : new LinkedHashMap<>(Map.of("total", args.decimal("--cpu-us", 600, 0.001, 1e9)));
        Assumptions a = new Assumptions(rps, cpu, args.decimal("--utilisation", 0.6, 0.05, 1),
                args.decimal("--cores-per-pod", 2, 0.1, 1024), args.decimal("--cores-per-postgres", 8, 1, 1024),
                args.decimal("--write-share", 0.1, 0, 1), args.decimal("--events-per-partition", 1000, 1, 1e9));
        print(a, out);
        return 0;
    }

    static Map<String, Double> measured(Path json) {
        try {
            JsonNode node = Api.JSON.readTree(json.toFile()).path("cpu_us_per_request");
            Map<String, Double> cpu = new LinkedHashMap<>();
            node.fieldNames().forEachRemaining(f -> cpu.put(f, node.get(f).asDouble()));
            if (!cpu.containsKey("total")) {
                throw new StackException(json + " has no cpu_us_per_request.total: give a ./stack bench --json file");
            }
            return cpu;
        } catch (IOException e) {
            throw new StackException("cannot read " + json + ": " + e.getMessage());
        }
    }

    /** Cores to serve {@code rps} at {@code cpuUs} per request, run at {@code utilisation} of each core. */
    static double cores(double rps, double cpuUs, double utilisation) {
        return rps * cpuUs / 1e6 / utilisation;
    }

    static void print(Assumptions a, PrintStream out) {
        double total = a.cpuUsPerRequest().get("total");
        out.printf("target: %,.0f requests/s at peak%n", a.rps());
        out.printf("assuming: %.1f CPU-µs per request (total), cores run at %.0f%% (headroom for bursts and failover),"
                        + " %.1f cores per pod, %.0f cores per Postgres server, %.0f%% of requests are posts (fanned out),"
                        + " %,.0f posts/s per Kafka partition (one consumer's fan-out rate)%n",
                total, a.utilisation() * 100, a.coresPerPod(), a.coresPerPostgres(), a.writeShare() * 100, a.eventsPerPartition());
        out.printf("cores, all components: %,.0f (%.1f µs × %,.0f rps = %,.1f cores busy)%n", cores(a.rps(), total, a.utilisation()),
                total, a.rps(), a.rps() * total / 1e6);
        double redis = 0;
        double postgres = 0;
        for (Map.Entry<String, Double> e : a.cpuUsPerRequest().entrySet()) {
            String component = e.getKey();
            double cores = cores(a.rps(), e.getValue(), a.utilisation());
            if (component.equals("redis")) {
                redis = cores;
            } else if (component.startsWith("postgres")) {
                postgres += cores;
            } else if (component.endsWith("service") || component.equals("gateway")) {
                out.printf("  %-14s %,8.1f cores → %,6d pods of %.1f cores%n", component, cores, (long) Math.ceil(cores / a.coresPerPod()), a.coresPerPod());
            } else if (!component.equals("total")) {
                out.printf("  %-14s %,8.1f cores%n", component, cores);
            }
        }
        if (redis > 0) {
            // Redis executes commands on one thread: a shard is one core's worth
            out.printf("  %-14s %,8.1f cores → %,6d Redis shards (one core each: Redis runs commands on one thread)%n", "redis", redis, (long) Math.ceil(redis));
        }
        if (postgres > 0) {
            out.printf("  %-14s %,8.1f cores → %,6d Postgres shards of %.0f cores%n", "postgres", postgres,
                    (long) Math.ceil(postgres / a.coresPerPostgres()), a.coresPerPostgres());
        }
        // each post is a photo-posted to fan out, then a photo-updated that costs its consumer one write: posts are what count
        double posts = a.rps() * a.writeShare();
        out.printf("kafka: %,.0f posts/s → %,d partitions of photo-events%n", posts, (long) Math.ceil(posts / a.eventsPerPartition()));
        if (a.cpuUsPerRequest().size() == 1) {
            out.println("(per-component figures need a measured run: --from FILE, a ./stack bench --json file)");
        }
    }
}
