package dev.photofeed.loadtests.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.loadtests.Args;
import dev.photofeed.loadtests.LoadTests;
import dev.photofeed.loadtests.bench.Bench;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.localstack.Stack;
import dev.photofeed.localstack.StackException;
import dev.photofeed.localstack.StackLayout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./stack experiment SWITCH SCENARIO}: restarts the stack with the technique on (the defaults), runs the
 * scenario, restarts it with the technique off, runs it again, and writes a side-by-side report
 * ({@link Report}) under {@code load-tests/results/SWITCH-SCENARIO/}. Each run is its own child JVM, as
 * {@code ./stack bench} would run it; the stack is left running with the defaults.
 */
public final class Experiment {

    private Experiment() {
    }

    public static int run(StackLayout layout, List<String> raw) {
        Args args = Args.parse(raw, Set.of("--rate", "--duration", "--warmup"), Set.of());
        if (args.positional().size() != 2) {
            throw new StackException("use ./stack experiment SWITCH SCENARIO (switches: " + String.join(", ", Switch.ALL.keySet())
                    + "; scenarios: " + String.join(", ", Bench.SCENARIOS.keySet()) + ")");
        }
        Switch technique = Switch.named(args.positional().get(0));
        String scenario = args.positional().get(1);
        Bench.simulationOf(scenario);
        String rate = String.valueOf(args.decimal("--rate", 100, 0.1, 1_000_000));
        String duration = String.valueOf(args.decimal("--duration", 30, 1, 86_400));
        String warmUp = String.valueOf(args.decimal("--warmup", 10, 1, 3_600));
        Path folder = layout.project().resolve("load-tests").resolve("results").resolve(technique.name() + "-" + scenario);
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new StackException("cannot create " + folder + ": " + e.getMessage());
        }

        Map<String, JsonNode> runs = new LinkedHashMap<>();
        List<String> load = List.of("bench", scenario, "--rate", rate, "--duration", duration, "--warmup", warmUp);
        runs.put("on", measure(layout, Map.of(), load, folder.resolve("on.json")));
        runs.put("off", measure(layout, technique.off(), load, folder.resolve("off.json")));
        System.out.println("restarting the stack with every technique on");
        restart(layout, Map.of());

        Report.write(folder, technique, scenario, runs);
        try {
            System.out.println(Files.readString(folder.resolve("report.md")));
        } catch (IOException e) {
            throw new StackException("cannot read the report back: " + e.getMessage());
        }
        System.out.println("report and charts: " + folder);
        return 0;
    }

    private static JsonNode measure(StackLayout layout, Map<String, String> env, List<String> load, Path json) {
        System.out.println(env.isEmpty() ? "== technique on (the defaults)" : "== technique off: " + env);
        restart(layout, env);
        List<String> args = new ArrayList<>(load);
        args.addAll(List.of("--json", json.toString()));
        try {
            Files.deleteIfExists(json);
        } catch (IOException e) {
            throw new StackException("cannot replace " + json + ": " + e.getMessage());
        }
        int code = child(layout, env, LoadTests.class.getName(), args.toArray(String[]::new));
        if (!Files.exists(json)) {
            throw new StackException("the run wrote no result (exit " + code + "); see above");
        }
        try {
            return Api.JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new StackException("cannot read " + json + ": " + e.getMessage());
        }
    }

    /** {@code ./stack down} then {@code up --detach} with the switch's variables in the environment the services inherit. */
    private static void restart(StackLayout layout, Map<String, String> env) {
        child(layout, env, Stack.class.getName(), "down");
        if (child(layout, env, Stack.class.getName(), "up", "--detach") != 0) {
            throw new StackException("the stack did not start" + (env.isEmpty() ? "" : " with " + env) + "; see above");
        }
    }

    /**
     * A child JVM as {@code ./stack} runs it: the load tools from load-tests.jar, the launcher from local-stack's
     * jar and lib (so the stack it leaves running never depends on load-tests' build).
     */
    private static int child(StackLayout layout, Map<String, String> env, String main, String... args) {
        Path project = layout.project();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Dphotofeed.home=" + project));
        Path localStack = project.resolve("local-stack").resolve("target");
        command.addAll(main.equals(LoadTests.class.getName())
                ? List.of("-jar", project.resolve("load-tests").resolve("target").resolve("load-tests.jar").toString())
                : List.of("-cp", localStack.resolve("local-stack.jar") + java.io.File.pathSeparator + localStack.resolve("lib") + "/*", main));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().putAll(env);
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new StackException("cannot run " + main + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
