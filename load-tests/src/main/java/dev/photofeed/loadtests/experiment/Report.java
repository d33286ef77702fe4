package dev.photofeed.loadtests.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.localstack.StackException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The side-by-side report of an experiment: {@code report.md} (a table) and three SVG charts, from the two runs' JSON. */
final class Report {

    private static final List<String> PERCENTILES = List.of("p50", "p90", "p95", "p99", "p999", "max");

    private Report() {
    }

    static void write(Path folder, Switch technique, String scenario, Map<String, JsonNode> runs) {
        JsonNode on = runs.get("on");
        JsonNode off = runs.get("off");
        StringBuilder md = new StringBuilder();
        md.append("# Experiment: ").append(technique.name()).append(" on `").append(scenario).append("`\n\n");
        md.append("Off means: ").append(technique.meaning()).append(" (`").append(String.join(" ", technique.off().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue()).sorted().toList())).append("`).\n");
        md.append(String.format(Locale.ROOT, "Open model at %s arrivals/s for %s s, %d cores, %s.%n%n",
                on.path("rate").asText(), on.path("duration_s").asText(), Runtime.getRuntime().availableProcessors(), java.time.LocalDate.now()));
        md.append("| figure | on | off | off / on |\n|---|---:|---:|---:|\n");
        row(md, "requests", on.path("requests").asDouble(), off.path("requests").asDouble());
        row(md, "rps", on.path("rps").asDouble(), off.path("rps").asDouble());
        row(md, "errors", errors(on), errors(off));
        for (String p : PERCENTILES) {
            row(md, "latency " + p + " (ms)", on.path("latency_ms").path(p).asDouble(), off.path("latency_ms").path(p).asDouble());
        }
        List<String> components = cpuRows(md, "CPU-µs/request ", "cpu_us_per_request", on, off);
        // each component above its idle floor; a JSON without these figures adds no rows
        cpuRows(md, "marginal CPU-µs/request ", "cpu_us_per_request_marginal", on, off);
        md.append("\n![latency](latency.svg) ![throughput](throughput.svg) ![CPU per request](cpu.svg)\n");

        Map<String, double[]> latency = new LinkedHashMap<>();
        Map<String, double[]> rps = new LinkedHashMap<>();
        Map<String, double[]> cpu = new LinkedHashMap<>();
        runs.forEach((name, run) -> {
            latency.put(name, PERCENTILES.stream().mapToDouble(p -> run.path("latency_ms").path(p).asDouble()).toArray());
            rps.put(name, new double[]{run.path("rps").asDouble()});
            cpu.put(name, components.stream().mapToDouble(c -> run.path("cpu_us_per_request").path(c).asDouble()).toArray());
        });
        try {
            Files.writeString(folder.resolve("report.md"), md);
            Files.writeString(folder.resolve("latency.svg"), BarChart.svg(technique.name() + " / " + scenario + ": latency", "ms", PERCENTILES, latency));
            Files.writeString(folder.resolve("throughput.svg"), BarChart.svg(technique.name() + " / " + scenario + ": throughput", "requests/s", List.of("rps"), rps));
            Files.writeString(folder.resolve("cpu.svg"), BarChart.svg(technique.name() + " / " + scenario + ": CPU per request", "CPU-µs", components, cpu));
        } catch (IOException e) {
            throw new StackException("cannot write the report in " + folder + ": " + e.getMessage());
        }
    }

    /** A row per component of the {@code field} object; the components, in order. */
    private static List<String> cpuRows(StringBuilder md, String label, String field, JsonNode on, JsonNode off) {
        List<String> components = new ArrayList<>();
        on.path(field).fieldNames().forEachRemaining(components::add);
        for (String c : components) {
            row(md, label + c, on.path(field).path(c).asDouble(), off.path(field).path(c).asDouble());
        }
        return components;
    }

    private static double errors(JsonNode run) {
        double sum = 0;
        for (JsonNode n : run.path("errors")) {
            sum += n.asDouble();
        }
        return sum;
    }

    private static void row(StringBuilder md, String figure, double on, double off) {
        md.append("| ").append(figure).append(" | ").append(format(on)).append(" | ").append(format(off)).append(" | ")
                .append(on == 0 ? "–" : String.format(Locale.ROOT, "%.2f×", off / on)).append(" |\n");
    }

    private static String format(double d) {
        return d == Math.rint(d) ? String.format(Locale.ROOT, "%.0f", d) : String.format(Locale.ROOT, "%.2f", d);
    }
}
