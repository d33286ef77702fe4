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

/** The summary's maths and its two shapes: seed 000's k6 lines and the issue's JSON. */
class SummaryTest {

    /** 1000 responses at 1..1000 ms: 990 200s, 7 503s, 3 without a response; 10 s window; CPU 2 s + 0.5 s. */
    private static Summary summary() {
        Recorder recorder = new Recorder();
        for (int ms = 1; ms <= 1000; ms++) {
            Integer status = ms <= 990 ? Integer.valueOf(200) : ms <= 997 ? Integer.valueOf(503) : null;
            recorder.response(status, ms * 1000L);
        }
        Map<String, Duration> cpu = new LinkedHashMap<>();
        cpu.put("gateway", Duration.ofSeconds(2));
        cpu.put("redis", Duration.ofMillis(500));
        return recorder.summary("feed", 100, new CpuWindow.Measured(Duration.ofSeconds(10), cpu));
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
    void theJsonHasExactlyTheIssuesFields() {
        JsonNode json = summary().json();
        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("scenario", "rate", "duration_s", "requests", "rps", "errors", "latency_ms", "cpu_us_per_request");
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
    }

    @Test
    void printsSeed000sLines() {
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
