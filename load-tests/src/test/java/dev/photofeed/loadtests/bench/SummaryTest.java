package dev.photofeed.loadtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The summary's maths and its two shapes: k6's lines (as in “Building million scale distributed systems”) and the bench's
 * JSON.
 */
class SummaryTest {

    /**
     * 1000 responses at 1..1000 ms: 990 200s, 7 503s, 3 without a response; 10 s window; CPU 2 s + 0.5 s; idle
     * floor 10% of a core each (1 s over the window: more than redis used); the generator used 4 s (40%).
     */
    private static Summary summary() {
        Map<String, Double> idle = new LinkedHashMap<>();
        idle.put("gateway", 0.1);
        idle.put("redis", 0.1);
        return summary(idle, Duration.ofSeconds(4));
    }

    private static Summary summary(Map<String, Double> idleCores, Duration generator) {
        Recorder recorder = new Recorder();
        for (int ms = 1; ms <= 1000; ms++) {
            Integer status = ms <= 990 ? Integer.valueOf(200) : ms <= 997 ? Integer.valueOf(503) : null;
            recorder.response(status, ms * 1000L);
        }
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpu.put("gateway", Duration.ofSeconds(2));
        cpu.put("redis", Duration.ofMillis(500));
        return recorder.summary("feed", 100, new CpuWindow.Measured(Duration.ofSeconds(10), cpu, generator), idleCores);
    }

    @Test
    void aBenchOfRefusalsCountsCpuPerRequestAnswered() {
        Recorder recorder = new Recorder();
        for (int i = 0; i < 400; i++) {
            recorder.response(i < 100 ? 401 : 429, 1000L);
        }
        Summary s = recorder.summary("forged-tokens", 40, new CpuWindow.Measured(Duration.ofSeconds(10),
                Map.of("gateway", Duration.ofSeconds(2)), Duration.ofSeconds(1)), Map.of());
        assertThat(s.succeeded()).isZero();
        assertThat(s.cpuMicrosPerRequest().get("gateway")).isCloseTo(2_000_000 / 400.0, within(1e-6));
        assertThat(s.marginalCpuMicrosPerRequest().get("gateway")).isCloseTo(2_000_000 / 400.0, within(1e-6));
    }

    @Test
    void countsRateErrorsAndCpuPerSuccessfulRequest() {
        Summary s = summary();
        assertThat(s.requests()).isEqualTo(1000);
        assertThat(s.succeeded()).isEqualTo(990);
        assertThat(s.rps()).isCloseTo(100.0, within(1e-9));
        assertThat(s.errors()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("503", 7L, "network", 3L)));
        // 2.5 s of CPU over 990 successful requests
        assertThat(s.cpuMicrosPerRequest().get("total")).isCloseTo(2_500_000 / 990.0, within(1e-6));
        assertThat(s.cpuMicrosPerRequest().get("gateway")).isCloseTo(2_000_000 / 990.0, within(1e-6));
        assertThat(s.cpuMicrosPerRequest().get("redis")).isCloseTo(500_000 / 990.0, within(1e-6));
    }

    @Test
    void marginalCpuIsAboveEachComponentsIdleFloorAndNeverBelowZero() {
        Map<String, Double> marginal = summary().marginalCpuMicrosPerRequest();
        // gateway: 2 s used less 0.1 core × 10 s idle = 1 s over 990 successful requests
        assertThat(marginal.get("gateway")).isCloseTo(1_000_000 / 990.0, within(1e-6));
        // redis: 0.5 s used, below its 1 s floor: 0, not negative
        assertThat(marginal.get("redis")).isEqualTo(0.0);
        // the total is the floored components' sum, not (2.5 s - 2 s) / 990
        assertThat(marginal.get("total")).isCloseTo(1_000_000 / 990.0, within(1e-6));
        Map<String, Double> idle = summary().idleCpuPercentOfCore();
        assertThat(idle.keySet()).containsExactly("total", "gateway", "redis");
        assertThat(idle.get("total")).isCloseTo(20.0, within(1e-9));
        assertThat(idle.get("redis")).isCloseTo(10.0, within(1e-9));
        // the total figure stays what the stack used in all
        assertThat(summary().cpuMicrosPerRequest().get("total")).isCloseTo(2_500_000 / 990.0, within(1e-6));
    }

    @Test
    void withoutAnIdleFloorMarginalIsTheTotal() {
        Summary s = summary(Map.of(), Duration.ZERO);
        assertThat(s.marginalCpuMicrosPerRequest()).isEqualTo(s.cpuMicrosPerRequest());
        assertThat(s.idleCpuPercentOfCore()).containsExactly(Map.entry("total", 0.0));
    }

    @Test
    void theLoadGeneratorsCpuIsPerRequestSentAndAsAShareOfACore() {
        Summary s = summary();
        // 4 s over 1000 requests sent; 4 s over a 10 s window
        assertThat(s.generatorMicrosPerRequest()).isCloseTo(4000.0, within(1e-9));
        assertThat(s.generatorPercentOfCore()).isCloseTo(40.0, within(1e-9));
        assertThat(s.cpuMicrosPerRequest()).doesNotContainKey("load_generator");
    }

    @Test
    void theJsonHasTheBenchFields() {
        JsonNode json = summary().json();
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("scenario", "rate", "duration_s", "requests", "rps", "errors", "latency_ms", "cpu_us_per_request",
                "cpu_us_per_request_marginal", "idle_cpu_percent_of_core", "load_generator");
        assertThat(json.get("scenario").asText()).isEqualTo("feed");
        assertThat(json.get("duration_s").asDouble()).isEqualTo(10.0);
        assertThat(json.get("errors").get("503").asLong()).isEqualTo(7);
        JsonNode latency = json.get("latency_ms");
        List<String> percentiles = new ArrayList<>();
        latency.fieldNames().forEachRemaining(percentiles::add);
        assertThat(percentiles).containsExactly("p50", "p90", "p95", "p99", "p999", "max");
        // HdrHistogram with 3 significant digits: within 0.1%
        assertThat(latency.get("p50").asDouble()).isCloseTo(500, within(1.0));
        assertThat(latency.get("p99").asDouble()).isCloseTo(990, within(1.0));
        assertThat(latency.get("p999").asDouble()).isCloseTo(999, within(1.0));
        assertThat(latency.get("max").asDouble()).isCloseTo(1000, within(1.0));
        assertThat(json.get("cpu_us_per_request").get("total").asDouble()).isCloseTo(2525.25, within(0.01));
        JsonNode marginal = json.get("cpu_us_per_request_marginal");
        assertThat(marginal.get("total").asDouble()).isCloseTo(1010.10, within(0.01));
        assertThat(marginal.get("gateway").asDouble()).isCloseTo(1010.10, within(0.01));
        assertThat(marginal.get("redis").asDouble()).isEqualTo(0.0);
        assertThat(json.get("idle_cpu_percent_of_core").get("total").asDouble()).isEqualTo(20.0);
        assertThat(json.get("idle_cpu_percent_of_core").get("redis").asDouble()).isEqualTo(10.0);
        assertThat(json.get("load_generator").get("cpu_us_per_request").asDouble()).isEqualTo(4000.0);
        assertThat(json.get("load_generator").get("percent_of_core").asDouble()).isEqualTo(40.0);
    }

    @Test
    void printsK6ShapedLines() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary().print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("checks", "99.00% ✓ 990 ✗ 10");
        assertThat(out).containsPattern("failed_requests_503\\.+: 7 0\\.7");
        // the histogram keeps 3 significant digits: 500 ms may read 500.22 ms
        assertThat(out).containsPattern("http_req_duration\\.+: avg=500\\.\\d+ms min=1ms med=500(\\.\\d+)?ms max=1s p\\(90\\)=900(\\.\\d+)?ms"
                + " p\\(95\\)=950(\\.\\d+)?ms p\\(99\\)=990(\\.\\d+)?ms p\\(99\\.9\\)=999(\\.\\d+)?ms p\\(99\\.99\\)=1s count=1000");
        assertThat(out).containsPattern("http_reqs\\.+: 1000 100\\.0");
        assertThat(out).containsPattern("passed_requests_200\\.+: 990 99\\.0");
        assertThat(out).containsPattern("cpu_us_per_request\\.+: total=2525\\.3 gateway=2020\\.2 redis=505\\.1");
        assertThat(out).containsPattern("cpu_us_per_request_marginal\\.+: total=1010\\.1 gateway=1010\\.1 redis=0\\.0");
        assertThat(out).containsPattern("idle_cpu\\.+: total=20\\.0% gateway=10\\.0% redis=10\\.0% of one core");
        assertThat(out).containsPattern("load_generator_cpu\\.+: 4000\\.0µs/request 40\\.0% of one core");
        assertThat(out).doesNotContain("WARNING");
    }

    @Test
    void warnsWhenTheGeneratorTookOverHalfACore() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary(Map.of(), Duration.ofSeconds(6)).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("WARNING: the load generator used 60% of one core");
        assertThat(out).contains("idle_cpu", "not measured");
    }

    @Test
    void formatsLikeK6() {
        assertThat(Summary.micros(469)).isEqualTo("469µs");
        assertThat(Summary.micros(22_300)).isEqualTo("22.3ms");
        assertThat(Summary.micros(1_090_000)).isEqualTo("1.09s");
    }

    @Test
    void aHistogramKeepsSubMillisecondValues() {
        Histogram h = new Histogram(3);
        h.recordValue(469);
        assertThat(h.getValueAtPercentile(50)).isEqualTo(469);
    }
}
