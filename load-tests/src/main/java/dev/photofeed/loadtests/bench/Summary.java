package dev.photofeed.loadtests.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.photofeed.loadtests.seed.Api;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one bench run measured, and its two renderings: a summary in the shape of k6's end-of-test output (as in
 * “Building million scale distributed systems”) and the JSON the experiments and the capacity model read.
 * Latencies are kept in microseconds.
 *
 * @param statuses   responses by HTTP status ("network" for a request that got none)
 * @param latencyUs  every response's time, µs
 * @param cpu        user+system CPU each component of the stack used over the window
 * @param idleCores  each component's CPU rate (CPU-seconds per second) with the stack quiet before the load;
 *                   empty when not measured
 * @param generatorCpu CPU the load generator (this JVM) used over the window: never in the stack's figures
 * @param trends     further latency-like figures a scenario measures (post-to-visible delay), µs
 * @param counters   further counts a scenario reports (429s a throttled client took)
 */
public record Summary(String scenario, double rate, Duration window, Map<String, Long> statuses, Histogram latencyUs,
                      Map<String, Duration> cpu, Map<String, Double> idleCores, Duration generatorCpu,
                      Map<String, Histogram> trends, Map<String, Long> counters) {

    /** Above this share of one core the generator competes with the stack for the CPU it measures. */
    static final double GENERATOR_WARNING_PERCENT = 50;

    public long requests() {
        return statuses.values().stream().mapToLong(Long::longValue).sum();
    }

    public long succeeded() {
        return statuses.entrySet().stream().filter(e -> passed(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    public double rps() {
        return requests() / seconds();
    }

    /** Failed responses by status: anything but 2xx and 3xx. */
    public Map<String, Long> errors() {
        Map<String, Long> errors = new TreeMap<>();
        statuses.forEach((status, count) -> {
            if (!passed(status)) {
                errors.put(status, count);
            }
        });
        return errors;
    }

    private long counted() {
        return Math.max(succeeded() > 0 ? succeeded() : requests(), 1);
    }

    /**
     * CPU-µs per successful request (= cores per million rps): the total first, then each component. In a bench of
     * refusals (forged-tokens), where none succeeds, per request answered.
     */
    public Map<String, Double> cpuMicrosPerRequest() {
        Map<String, Double> perRequest = new LinkedHashMap<>();
        long ok = counted();
        cpu.forEach((component, used) -> perRequest.put(component, used.toNanos() / 1000.0 / ok));
        return totalFirst(perRequest);
    }

    /**
     * CPU-µs per successful request that the load added: each component's CPU less what it burns idle over the
     * same wall time (a JVM's GC and timers, Kafka's housekeeping), at least 0; the total is their sum.
     */
    public Map<String, Double> marginalCpuMicrosPerRequest() {
        Map<String, Double> perRequest = new LinkedHashMap<>();
        long ok = counted();
        cpu.forEach((component, used) -> {
            double idleMicros = idleCores.getOrDefault(component, 0.0) * seconds() * 1e6;
            perRequest.put(component, Math.max(used.toNanos() / 1000.0 - idleMicros, 0) / ok);
        });
        return totalFirst(perRequest);
    }

    /** The idle floor as % of one core: the total first, then each component. */
    public Map<String, Double> idleCpuPercentOfCore() {
        return percentOfCore(idleCores);
    }

    /** CPU-seconds per second as % of one core: the total first, then each component. */
    static Map<String, Double> percentOfCore(Map<String, Double> cores) {
        Map<String, Double> percent = new LinkedHashMap<>();
        cores.forEach((component, c) -> percent.put(component, c * 100));
        return totalFirst(percent);
    }

    /** The generator's CPU-µs per request sent: it does the work for each, answered or not. */
    public double generatorMicrosPerRequest() {
        return generatorCpu.toNanos() / 1000.0 / Math.max(requests(), 1);
    }

    public double generatorPercentOfCore() {
        return generatorCpu.toNanos() / 1e9 / seconds() * 100;
    }

    private static Map<String, Double> totalFirst(Map<String, Double> perComponent) {
        Map<String, Double> withTotal = new LinkedHashMap<>();
        withTotal.put("total", perComponent.values().stream().mapToDouble(Double::doubleValue).sum());
        withTotal.putAll(perComponent);
        return withTotal;
    }

    private static boolean passed(String status) {
        return status.length() == 3 && (status.charAt(0) == '2' || status.charAt(0) == '3');
    }

    private double seconds() {
        return Math.max(window.toNanos() / 1e9, 1e-9);
    }

    public void print(PrintStream out) {
        long requests = requests();
        long ok = succeeded();
        out.printf("%n     scenario: %s at %s/s for %.1f s (open model: fixed arrival rate)%n%n", scenario, number(rate), seconds());
        line(out, "checks", String.format("%.2f%% ✓ %d ✗ %d", percent(ok, requests), ok, requests - ok));
        errors().forEach((status, n) -> line(out, "failed_requests_" + status, String.format("%d %.6f/s", n, n / seconds())));
        line(out, "http_req_duration", trend(latencyUs));
        line(out, "http_req_failed", String.format("%.2f%% ✓ %d ✗ %d", percent(requests - ok, requests), requests - ok, ok));
        line(out, "http_reqs", String.format("%d %.6f/s", requests, rps()));
        new TreeMap<>(statuses).forEach((status, n) -> {
            if (passed(status)) {
                line(out, "passed_requests_" + status, String.format("%d %.6f/s", n, n / seconds()));
            }
        });
        trends.forEach((name, h) -> line(out, name, trend(h)));
        counters.forEach((name, n) -> line(out, name, String.format("%d %.6f/s", n, n / seconds())));
        if (cpu.isEmpty()) {
            line(out, "cpu_us_per_request", "n/a: no process of a ./stack-started stack was found");
        } else {
            line(out, "cpu_us_per_request", figures(cpuMicrosPerRequest(), ""));
            line(out, "cpu_us_per_request_marginal", figures(marginalCpuMicrosPerRequest(), ""));
            line(out, "idle_cpu", idleCores.isEmpty() ? "not measured (idle window 0 s): marginal = total"
                    : figures(idleCpuPercentOfCore(), "%") + " of one core, before the load");
        }
        line(out, "load_generator_cpu", String.format(Locale.ROOT, "%.1fµs/request %.1f%% of one core (this JVM, in none of the figures above)",
                generatorMicrosPerRequest(), generatorPercentOfCore()));
        if (generatorPercentOfCore() > GENERATOR_WARNING_PERCENT) {
            out.printf(Locale.ROOT, "     WARNING: the load generator used %.0f%% of one core; with %d cores it competes with the stack"
                    + " and may be what limits the rate%n", generatorPercentOfCore(), Runtime.getRuntime().availableProcessors());
        }
        out.println();
    }

    static String figures(Map<String, Double> values, String unit) {
        StringBuilder figures = new StringBuilder();
        values.forEach((name, v) -> figures.append(name).append('=').append(String.format(Locale.ROOT, "%.1f", v)).append(unit).append(' '));
        return figures.toString().trim();
    }

    private static void line(PrintStream out, String name, String value) {
        out.println("     " + name + ".".repeat(Math.max(3, 32 - name.length())) + ": " + value);
    }

    private static String trend(Histogram h) {
        if (h.getTotalCount() == 0) {
            return "count=0";
        }
        return "avg=" + micros(Math.round(h.getMean())) + " min=" + micros(h.getMinValue()) + " med=" + micros(h.getValueAtPercentile(50))
                + " max=" + micros(h.getMaxValue()) + " p(90)=" + micros(h.getValueAtPercentile(90))
                + " p(95)=" + micros(h.getValueAtPercentile(95)) + " p(99)=" + micros(h.getValueAtPercentile(99))
                + " p(99.9)=" + micros(h.getValueAtPercentile(99.9)) + " p(99.99)=" + micros(h.getValueAtPercentile(99.99))
                + " count=" + h.getTotalCount();
    }

    /** k6's units: µs below a millisecond, ms below a second, else s. */
    static String micros(long us) {
        if (us < 1000) {
            return us + "µs";
        }
        if (us < 1_000_000) {
            return number(us / 1000.0) + "ms";
        }
        return number(us / 1e6) + "s";
    }

    static String number(double d) {
        String two = String.format(Locale.ROOT, "%.2f", d);
        return two.replaceAll("\\.?0+$", "");
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0 : 100.0 * part / whole;
    }

    /**
     * The JSON the experiments and the capacity model read: scenario, rate, duration_s, requests, rps, errors,
     * latency_ms, cpu_us_per_request, cpu_us_per_request_marginal, idle_cpu_percent_of_core, load_generator.
     */
    public ObjectNode json() {
        ObjectNode root = Api.JSON.createObjectNode();
        root.put("scenario", scenario);
        root.put("rate", rate);
        root.put("duration_s", round(seconds(), 3));
        root.put("requests", requests());
        root.put("rps", round(rps(), 3));
        ObjectNode errors = root.putObject("errors");
        errors().forEach(errors::put);
        ObjectNode latency = root.putObject("latency_ms");
        latency.put("p50", ms(latencyUs.getValueAtPercentile(50)));
        latency.put("p90", ms(latencyUs.getValueAtPercentile(90)));
        latency.put("p95", ms(latencyUs.getValueAtPercentile(95)));
        latency.put("p99", ms(latencyUs.getValueAtPercentile(99)));
        latency.put("p999", ms(latencyUs.getValueAtPercentile(99.9)));
        latency.put("max", ms(latencyUs.getMaxValue()));
        putRounded(root.putObject("cpu_us_per_request"), cpuMicrosPerRequest());
        putRounded(root.putObject("cpu_us_per_request_marginal"), marginalCpuMicrosPerRequest());
        putRounded(root.putObject("idle_cpu_percent_of_core"), idleCpuPercentOfCore());
        ObjectNode generator = root.putObject("load_generator");
        generator.put("cpu_us_per_request", round(generatorMicrosPerRequest(), 2));
        generator.put("percent_of_core", round(generatorPercentOfCore(), 2));
        trends.forEach((name, h) -> {
            ObjectNode t = root.putObject(name + "_ms");
            t.put("p50", ms(h.getValueAtPercentile(50)));
            t.put("p90", ms(h.getValueAtPercentile(90)));
            t.put("p99", ms(h.getValueAtPercentile(99)));
            t.put("max", ms(h.getMaxValue()));
            t.put("count", h.getTotalCount());
        });
        counters.forEach(root::put);
        return root;
    }

    public void writeJson(Path file) {
        try {
            if (file.toAbsolutePath().getParent() != null) {
                Files.createDirectories(file.toAbsolutePath().getParent());
            }
            Api.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), json());
        } catch (IOException e) {
            throw new dev.photofeed.localstack.StackException("cannot write " + file + ": " + e.getMessage());
        }
    }

    static void putRounded(ObjectNode node, Map<String, Double> values) {
        values.forEach((name, v) -> node.put(name, round(v, 2)));
    }

    private static double ms(long us) {
        return round(us / 1000.0, 3);
    }

    private static double round(double d, int places) {
        double scale = Math.pow(10, places);
        return Math.round(d * scale) / scale;
    }
}
