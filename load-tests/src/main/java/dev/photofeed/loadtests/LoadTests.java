package dev.photofeed.loadtests;

import dev.photofeed.loadtests.bench.Bench;
import dev.photofeed.loadtests.bench.BenchSettings;
import dev.photofeed.loadtests.bench.CpuWindow;
import dev.photofeed.loadtests.bench.FindMax;
import dev.photofeed.loadtests.bench.FindMaxRun;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.loadtests.seed.FollowGraph;
import dev.photofeed.loadtests.seed.Seeder;
import dev.photofeed.localstack.StackException;
import dev.photofeed.localstack.StackLayout;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The heavy half of {@code ./stack seed | bench | chaos | experiment | capacity}: local-stack's launcher runs this main
 * in a child JVM on load-tests' classpath. A problem the user can fix is one line on stderr and exit 2.
 */
public final class LoadTests {

    /** Options of one measured run, and those of a find-max search: a command takes one kind or the other. */
    private static final Set<String> ONE_RUN = Set.of("--rate", "--duration", "--warmup");
    private static final Set<String> SEARCH = Set.of("--start", "--max", "--steps", "--step-duration", "--step-warmup", "--p99");

    private LoadTests() {
    }

    public static void main(String[] args) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int code;
        try {
            code = run(List.of(args));
        } catch (StackException e) {
            System.err.println("stack: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }

    static int run(List<String> args) {
        if (args.isEmpty()) {
            throw new StackException("use seed, bench, chaos, experiment or capacity");
        }
        StackLayout layout = StackLayout.fromEnvironment(BenchSettings.project(), System.getenv());
        List<String> rest = args.subList(1, args.size());
        return switch (args.getFirst()) {
            case "seed" -> seed(layout, rest);
            case "bench" -> bench(layout, rest);
            case "chaos" -> dev.photofeed.loadtests.chaos.Chaos.run(layout, rest);
            case "experiment" -> dev.photofeed.loadtests.experiment.Experiment.run(layout, rest);
            case "capacity" -> dev.photofeed.loadtests.capacity.Capacity.run(rest, System.out);
            default -> throw new StackException("unknown command '" + args.getFirst() + "': use seed, bench, chaos, experiment or capacity");
        };
    }

    private static int seed(StackLayout layout, List<String> raw) {
        Args args = Args.parse(raw, Set.of("--users", "--follows", "--zipf", "--graph", "--photos", "--prefix", "--out",
                "--concurrency", "--gateway"), Set.of("--undirected"));
        if (!args.positional().isEmpty()) {
            throw new StackException("unexpected '" + args.positional().getFirst() + "'");
        }
        FollowGraph graph = args.options().containsKey("--graph")
                ? FollowGraph.read(Path.of(args.text("--graph", "")), args.flag("--undirected"))
                : FollowGraph.zipf(args.number("--users", 1000, 2, 10_000_000), args.number("--follows", 20, 1, 10_000),
                args.decimal("--zipf", 1.0, 0.0, 5.0), 1);
        // the services' own ports by default: the edge allows one client 10 log-ins a minute
        Api api = args.options().containsKey("--gateway") ? Api.via(URI.create(args.text("--gateway", "")), layout.ports()) : Api.direct(layout.ports());
        Seeder seeder = new Seeder(api, args.number("--concurrency", 16, 1, 1024), System.out);
        Path out = Path.of(args.text("--out", BenchSettings.defaultCredentials(layout).toString()));
        seeder.seed(new Seeder.Plan(graph, args.text("--prefix", "seed"), args.number("--photos", 2, 0, 100))).write(out);
        System.out.println("credentials for the load tests: " + out);
        return 0;
    }

    private static int bench(StackLayout layout, List<String> raw) {
        Set<String> valued = new HashSet<>(Set.of("--idle", "--json"));
        valued.addAll(ONE_RUN);
        valued.addAll(SEARCH);
        Args args = Args.parse(raw, valued, Set.of("--find-max"));
        if (args.positional().size() != 1) {
            throw new StackException("name one scenario: " + String.join(", ", Bench.SCENARIOS.keySet()));
        }
        String scenario = args.positional().getFirst();
        Bench.simulationOf(scenario);
        if (!java.nio.file.Files.exists(BenchSettings.defaultCredentials(layout))) {
            throw new StackException("no seeded accounts (" + BenchSettings.defaultCredentials(layout) + "): run ./stack seed first");
        }
        Path json = args.options().containsKey("--json") ? Path.of(args.text("--json", "")) : null;
        double idle = args.decimal("--idle", 5, 0, 600);
        Path results = layout.data().resolve("bench").resolve("gatling");
        boolean findMax = args.flag("--find-max");
        for (String option : findMax ? ONE_RUN : SEARCH) {
            if (args.options().containsKey(option)) {
                throw new StackException(option + (findMax ? " is for one run: --find-max takes --start, --max, --steps,"
                        + " --step-duration, --step-warmup and --p99" : " needs --find-max"));
            }
        }
        if (!findMax) {
            return Bench.run(scenario, new Bench.Load(args.decimal("--rate", 100, 0.1, 1_000_000), args.decimal("--duration", 30, 1, 86_400),
                    args.decimal("--warmup", 10, 1, 3_600), idle), json, results);
        }
        double start = args.decimal("--start", 50, 0.1, 1_000_000);
        double max = args.decimal("--max", 10_000, 0.1, 1_000_000);
        if (max < start) {
            throw new StackException("--max " + args.text("--max", "") + " is below the start rate " + start);
        }
        FindMaxRun.Search search = new FindMaxRun.Search(scenario, new FindMax.Plan(start, max, args.number("--steps", 8, 1, 30), 0.1),
                args.decimal("--step-duration", 15, 1, 3_600), args.decimal("--step-warmup", 10, 1, 600), idle,
                args.decimal("--p99", 150, 1, 600_000));
        FindMaxRun run = new FindMaxRun((load, stepJson) -> Bench.gatling(scenario, load, stepJson, results, false),
                length -> CpuWindow.idle(layout.registry(), length), System.out);
        return run.run(search, json != null ? json : layout.data().resolve("bench").resolve("find-max-" + scenario + ".json"));
    }
}
