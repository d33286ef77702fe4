package dev.photofeed.loadtests.bench;

import dev.photofeed.localstack.StackException;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs one simulation in this JVM with Gatling, against the running stack. The simulation itself measures the
 * window, prints the summary and writes the JSON; Gatling adds its HTML report under the results folder and
 * fails the run (exit 2) when a threshold fails.
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

    /** 0 when every threshold held, 2 when one failed, 1 when the run broke. */
    public static int run(String scenario, double rate, double durationSeconds, double warmUpSeconds, Path json, Path resultsFolder) {
        String simulation = simulationOf(scenario);
        System.setProperty(BenchSettings.PREFIX + "rate", String.valueOf(rate));
        System.setProperty(BenchSettings.PREFIX + "duration", String.valueOf(durationSeconds));
        System.setProperty(BenchSettings.PREFIX + "warmup", String.valueOf(warmUpSeconds));
        if (json != null) {
            System.setProperty(BenchSettings.PREFIX + "json", json.toAbsolutePath().toString());
        } else {
            System.clearProperty(BenchSettings.PREFIX + "json");
        }
        int code = io.gatling.app.Gatling$.MODULE$.fromArgs(new String[]{
                "--simulation", simulation, "--results-folder", resultsFolder.toAbsolutePath().toString()});
        System.out.println(code == 0 ? "thresholds: all held" : "thresholds: at least one failed (see above; Gatling exit " + code + ")");
        System.out.println("Gatling's HTML report: under " + resultsFolder.toAbsolutePath());
        return code;
    }
}
