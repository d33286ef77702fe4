package dev.photofeed.loadtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One find-max step: the rate offered and the summary JSON ({@link Summary#json()}) its run wrote, judged
 * against the bar. The summary is a missing node when the run broke and wrote none; its figures are then NaN.
 *
 * @param gatlingExit Gatling's exit code: a failed Gatling assertion is not the search's verdict, {@link #misses} is
 */
public record Probe(double rate, JsonNode summary, int gatlingExit) {

    /** The stack keeps up when it answers at least this share of the rate offered (an open model queues otherwise). */
    static final double MIN_RPS_SHARE = 0.95;

    static Probe broken(double rate, int gatlingExit) {
        return new Probe(rate, MissingNode.getInstance(), gatlingExit);
    }

    public boolean broke() {
        return summary.isMissingNode();
    }

    public double rps() {
        return summary.path("rps").asDouble(Double.NaN);
    }

    public double p50Ms() {
        return summary.path("latency_ms").path("p50").asDouble(Double.NaN);
    }

    public double p99Ms() {
        return summary.path("latency_ms").path("p99").asDouble(Double.NaN);
    }

    /** Responses that were not 2xx or 3xx, or got none. */
    public long errors() {
        long errors = 0;
        for (JsonNode count : summary.path("errors")) {
            errors += count.asLong();
        }
        return errors;
    }

    public double cpuMicros() {
        return summary.path("cpu_us_per_request").path("total").asDouble(Double.NaN);
    }

    public double marginalCpuMicros() {
        return summary.path("cpu_us_per_request_marginal").path("total").asDouble(Double.NaN);
    }

    /** Why the step did not hold the rate: p99 over the bar, any error, or the stack falling behind; empty if it held. */
    public List<String> misses(double p99BarMs) {
        if (broke()) {
            return List.of("the run broke and wrote no summary (Gatling exit " + gatlingExit + ")");
        }
        List<String> misses = new ArrayList<>();
        if (p99Ms() > p99BarMs) {
            misses.add(String.format(Locale.ROOT, "p99 %.1f ms > %s ms", p99Ms(), Summary.number(p99BarMs)));
        }
        if (errors() > 0) {
            misses.add(errors() + " errors");
        }
        if (rps() < MIN_RPS_SHARE * rate) {
            misses.add(String.format(Locale.ROOT, "rps %.1f < %.0f%% of %s", rps(), MIN_RPS_SHARE * 100, Summary.number(rate)));
        }
        return misses;
    }
}
