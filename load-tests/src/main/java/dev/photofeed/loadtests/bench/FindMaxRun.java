package dev.photofeed.loadtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.localstack.StackException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code ./stack bench SCENARIO --find-max}: {@link FindMax}'s search against the running stack. A step is the
 * scenario run once at one rate, its own warm-up then a fresh measured window, and it holds when its summary
 * shows p99 within the bar, no error and the stack keeping up ({@link Probe#misses}). The stack's idle CPU is
 * measured once, before the first step, and is every step's floor: between steps the stack is still finishing
 * the last one's work. Prints every step and the best rate; writes the best step's summary as the bench's JSON
 * (what {@code ./stack capacity --from} reads), every step beside it ({@code NAME-steps.json}) and their
 * latency chart ({@code NAME-steps.svg}).
 */
public final class FindMaxRun {

    /** Runs the scenario once at {@code load}, its summary JSON to {@code json}; Gatling's exit code. */
    @FunctionalInterface
    public interface StepRunner {
        int run(Bench.Load load, Path json);
    }

    public record Search(String scenario, FindMax.Plan plan, double stepSeconds, double stepWarmUpSeconds,
                         double idleSeconds, double p99BarMs) {
    }

    private final StepRunner runner;
    private final Function<Duration, Map<String, Double>> idleCpu;
    private final PrintStream out;

    /** {@code idleCpu}: each component's CPU rate over a quiet window of that length ({@link CpuWindow#idle}). */
    public FindMaxRun(StepRunner runner, Function<Duration, Map<String, Double>> idleCpu, PrintStream out) {
        this.runner = runner;
        this.idleCpu = idleCpu;
        this.out = out;
    }

    /** 0 when a rate held (the best is then in {@code json}), 2 when not even the start rate did. */
    public int run(Search search, Path json) {
        Path steps = sibling(json, "-steps.json");
        Path chart = sibling(json, "-steps.svg");
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.deleteIfExists(json);
        } catch (IOException e) {
            throw new StackException("cannot write in " + json.toAbsolutePath().getParent() + ": " + e.getMessage());
        }
        out.printf(Locale.ROOT, "find-max %s: a step holds with p99 ≤ %s ms, no errors and rps ≥ %.0f%% of the rate offered;"
                        + " from %s/s, doubling, then bisecting to within %.0f%%, %d steps at most%n", search.scenario(),
                Summary.number(search.p99BarMs()), Probe.MIN_RPS_SHARE * 100, Summary.number(search.plan().start()),
                search.plan().tolerance() * 100, search.plan().maxSteps());
        Map<String, Double> idle = idleCpu.apply(Duration.ofMillis(Math.round(search.idleSeconds() * 1000)));
        Map<String, Double> idlePercent = Summary.percentOfCore(idle);
        out.println(idle.isEmpty() ? "idle CPU: not measured (--idle 0): marginal = total"
                : "idle CPU, every step's floor: " + Summary.figures(idlePercent, "%") + " of one core");
        System.setProperty(BenchSettings.IDLE_FLOOR, BenchSettings.formatFloor(idle));
        FindMax.Outcome<Probe> outcome;
        try {
            outcome = FindMax.search(search.plan(), rate -> step(search, rate), probe -> probe.misses(search.p99BarMs()).isEmpty());
        } finally {
            System.clearProperty(BenchSettings.IDLE_FLOOR);
        }
        table(search, outcome);
        write(steps, stepsJson(search, idlePercent, outcome));
        write(chart, LatencyChart.svg("find-max " + search.scenario() + ": latency against offered rate", outcome.steps().stream()
                .filter(s -> !s.result().broke())
                .map(s -> new LatencyChart.Point(s.rate(), s.result().p50Ms(), s.result().p99Ms(), s.held()))
                .toList(), search.p99BarMs()));
        outcome.best().ifPresent(best -> write(json, best.result().summary()));
        out.println("steps: " + steps.toAbsolutePath() + ", chart: " + chart.toAbsolutePath()
                + outcome.best().map(b -> ", best step's summary: " + json.toAbsolutePath()).orElse(""));
        return outcome.best().isPresent() ? 0 : 2;
    }

    private Probe step(Search search, double rate) {
        out.printf(Locale.ROOT, "%n== find-max step at %s arrivals/s%n", Summary.number(rate));
        Path json;
        try {
            json = Files.createTempFile("find-max-step", ".json");
            Files.delete(json);
        } catch (IOException e) {
            throw new StackException("cannot make a temporary file: " + e.getMessage());
        }
        try {
            Probe probe = measure(new Bench.Load(rate, search.stepSeconds(), search.stepWarmUpSeconds(), 0), json);
            List<String> misses = probe.misses(search.p99BarMs());
            out.printf(Locale.ROOT, "== %s/s %s%n", Summary.number(rate), misses.isEmpty() ? "held" : "did not hold: " + String.join(", ", misses));
            return probe;
        } finally {
            try {
                Files.deleteIfExists(json);
            } catch (IOException e) {
                out.println("cannot delete " + json + ": " + e.getMessage());
            }
        }
    }

    /** A run that throws (the stack stopped answering its log-ins, say) is a step that did not hold, not the end of the search. */
    private Probe measure(Bench.Load load, Path json) {
        int code;
        try {
            code = runner.run(load, json);
        } catch (RuntimeException e) {
            out.println("the run broke: " + e);
            return Probe.broken(load.rate(), 1);
        }
        if (!Files.exists(json)) {
            return Probe.broken(load.rate(), code);
        }
        try {
            return new Probe(load.rate(), Api.JSON.readTree(json.toFile()), code);
        } catch (IOException e) {
            throw new StackException("cannot read the step's summary " + json + ": " + e.getMessage());
        }
    }

    private void table(Search search, FindMax.Outcome<Probe> outcome) {
        out.printf("%nfind-max %s: every step%n", search.scenario());
        out.printf("%4s %10s %10s %9s %9s %7s %13s  %s%n", "step", "rate", "rps", "p50 ms", "p99 ms", "errors", "CPU-µs/req*", "held");
        int n = 0;
        for (FindMax.Step<Probe> step : outcome.steps()) {
            Probe p = step.result();
            List<String> misses = p.misses(search.p99BarMs());
            out.printf(Locale.ROOT, "%4d %10s %10s %9s %9s %7s %13s  %s%n", ++n, Summary.number(step.rate()), cell(p.rps(), "%.1f"),
                    cell(p.p50Ms(), "%.1f"), cell(p.p99Ms(), "%.1f"), p.broke() ? "–" : String.valueOf(p.errors()),
                    cell(p.marginalCpuMicros(), "%.1f"), misses.isEmpty() ? "yes" : "no: " + String.join(", ", misses));
        }
        out.println("* marginal: the stack's CPU above its idle floor, per successful request");
        out.println(outcome.best().map(best -> String.format(Locale.ROOT,
                        "max rate that held: %s rps (p50 %.1f ms, p99 %.1f ms, %d errors, %.1f CPU-µs/request marginal, %.1f in all)",
                        Summary.number(best.rate()), best.result().p50Ms(), best.result().p99Ms(), best.result().errors(),
                        best.result().marginalCpuMicros(), best.result().cpuMicros()))
                .orElse("max rate that held: none; not even the start rate, " + Summary.number(search.plan().start()) + "/s"));
    }

    private static ObjectNode stepsJson(Search search, Map<String, Double> idlePercent, FindMax.Outcome<Probe> outcome) {
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("scenario", search.scenario());
        ObjectNode bar = root.putObject("bar");
        bar.put("p99_ms", search.p99BarMs());
        bar.put("errors", 0);
        bar.put("min_rps_share", Probe.MIN_RPS_SHARE);
        root.put("step_duration_s", search.stepSeconds());
        root.put("step_warmup_s", search.stepWarmUpSeconds());
        Summary.putRounded(root.putObject("idle_cpu_percent_of_core"), idlePercent);
        if (outcome.best().isPresent()) {
            root.put("max_rate_held", outcome.best().get().rate());
        } else {
            root.putNull("max_rate_held");
        }
        ArrayNode steps = root.putArray("steps");
        for (FindMax.Step<Probe> step : outcome.steps()) {
            ObjectNode s = steps.addObject();
            s.put("rate", step.rate());
            s.put("held", step.held());
            step.result().misses(search.p99BarMs()).forEach(s.putArray("misses")::add);
            s.put("gatling_exit", step.result().gatlingExit());
            s.set("summary", step.result().summary().isMissingNode() ? null : step.result().summary());
        }
        return root;
    }

    private static String cell(double value, String format) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, format, value);
    }

    /** {@code dir/NAME.json} → {@code dir/NAME<suffix>}. */
    static Path sibling(Path json, String suffix) {
        String name = json.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - ".json".length()) : name;
        return json.resolveSibling(stem + suffix);
    }

    private static void write(Path file, Object content) {
        try {
            if (content instanceof String text) {
                Files.writeString(file, text);
            } else {
                Api.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), content);
            }
        } catch (IOException e) {
            throw new StackException("cannot write " + file + ": " + e.getMessage());
        }
    }
}
