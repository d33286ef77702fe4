package dev.photofeed.loadtests.bench;

import dev.photofeed.localstack.StackException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one simulation in this JVM with Gatling, against the running stack. The simulation itself measures the
 * stack's idle CPU and then the window, prints the summary and writes the JSON; Gatling adds its HTML report
 * under the results folder and fails the run (exit 2) when a threshold fails. {@link FindMaxRun} runs it again
 * and again at the rates its search picks.
 */
public final class Bench {

    /** Scenario name → simulation class. */
    public static final Map<String, String> SCENARIOS = new LinkedHashMap<>();

    static {
        String pkg = "dev.photofeed.loadtests.scenario.";
        SCENARIOS.put("feed", pkg + "FeedSimulation");
        SCENARIOS.put("mixed", pkg + "MixedSimulation");
        SCENARIOS.put("follow-storm", pkg + "FollowStormSimulation");
        SCENARIOS.put("rate-limit", pkg + "RateLimitSimulation");
        SCENARIOS.put("forged-tokens", pkg + "ForgedTokensSimulation");
        SCENARIOS.put("celebrity", pkg + "CelebritySimulation");
    }

    private Bench() {
    }

    public static String simulationOf(String scenario) {
        String simulation = SCENARIOS.get(scenario);
        if (simulation == null) {
            throw new StackException("unknown scenario '" + scenario + "': use " + String.join(", ", SCENARIOS.keySet()));
        }
        return simulation;
    }

    /**
     * One run's load: arrivals per second, seconds measured, seconds of warm-up before them, and seconds the
     * stack's idle CPU is measured for before any of it (0: not measured).
     */
    public record Load(double rate, double durationSeconds, double warmUpSeconds, double idleSeconds) {
    }

    /** 0 when every threshold held, 2 when one failed, 1 when the run broke. */
    public static int run(String scenario, Load load, Path json, Path resultsFolder) {
        int code = gatling(scenario, load, json, resultsFolder, true);
        System.out.println(code == 0 ? "thresholds: all held" : "thresholds: at least one failed (see above; Gatling exit " + code + ")");
        System.out.println("Gatling's HTML report: under " + resultsFolder.toAbsolutePath());
        return code;
    }

    /**
     * The scenario's simulation once, in this JVM: each call is a whole Gatling run of its own (configuration,
     * actor system, event loops), so a search can make one after another. The knobs go as the system properties
     * {@link BenchSettings} reads, as {@code ./mvnw gatling:test} would pass them. Gatling's exit code.
     */
    public static int gatling(String scenario, Load load, Path json, Path resultsFolder, boolean reports) {
        String simulation = simulationOf(scenario);
        System.setProperty(BenchSettings.PREFIX + "rate", String.valueOf(load.rate()));
        System.setProperty(BenchSettings.PREFIX + "duration", String.valueOf(load.durationSeconds()));
        System.setProperty(BenchSettings.PREFIX + "warmup", String.valueOf(load.warmUpSeconds()));
        System.setProperty(BenchSettings.PREFIX + "idle", String.valueOf(load.idleSeconds()));
        if (json != null) {
            System.setProperty(BenchSettings.PREFIX + "json", json.toAbsolutePath().toString());
        } else {
            System.clearProperty(BenchSettings.PREFIX + "json");
        }
        List<String> args = new ArrayList<>(List.of("--simulation", simulation, "--results-folder", resultsFolder.toAbsolutePath().toString()));
        if (!reports) {
            args.add("--no-reports");
        }
        return io.gatling.app.Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
    }
}
