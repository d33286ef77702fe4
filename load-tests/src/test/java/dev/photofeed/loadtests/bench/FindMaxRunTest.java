package dev.photofeed.loadtests.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.loadtests.seed.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The search against a fake stack: each step "runs" by writing the summary a run at that rate would, its p99
 * rate / 4 ms, so with a 110 ms bar 400/s is the most that holds.
 */
class FindMaxRunTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final List<String> floors = new ArrayList<>();

    private FindMaxRun run(FindMaxRun.StepRunner runner) {
        return new FindMaxRun(runner, length -> Map.of("gateway", length.toMillis() / 100_000.0),
                new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    /** The step's summary: rate × 10 responses at rate / 4 ms over a 10 s window, gateway 1 s of CPU. */
    private int fakeStack(Bench.Load load, Path json) {
        floors.add(System.getProperty(BenchSettings.IDLE_FLOOR));
        Recorder recorder = new Recorder();
        for (int i = 0; i < load.rate() * 10; i++) {
            recorder.response(200, Math.round(load.rate() / 4 * 1000));
        }
        recorder.summary("mixed", load.rate(), new CpuWindow.Measured(Duration.ofSeconds(10), Map.of("gateway", Duration.ofSeconds(1)),
                Duration.ZERO), BenchSettings.parseFloor(System.getProperty(BenchSettings.IDLE_FLOOR))).writeJson(json);
        // Gatling's own assertions fail above 200/s: that must not be the verdict
        return load.rate() > 200 ? 2 : 0;
    }

    private static FindMaxRun.Search search(double start) {
        return new FindMaxRun.Search("mixed", new FindMax.Plan(start, 10_000, 8, 0.1), 15, 10, 5, 110);
    }

    @Test
    void findsTheBoundaryAndWritesTheBestSummaryTheStepsAndTheChart() throws Exception {
        Path json = dir.resolve("out").resolve("mixed.json");
        int code = run(this::fakeStack).run(search(50), json);
        String out = printed.toString(StandardCharsets.UTF_8);

        assertThat(code).isZero();
        assertThat(out).contains("max rate that held: 400 rps");
        assertThat(out).containsPattern("\\n\\s+5\\s+800\\s.*no: p99 200");
        // the idle floor was measured once (5 s → 0.05 core) and given to every step, then cleared
        assertThat(floors).hasSize(8).containsOnly("gateway=0.05");
        assertThat(System.getProperty(BenchSettings.IDLE_FLOOR)).isNull();

        JsonNode best = Api.JSON.readTree(json.toFile());
        assertThat(best.get("rate").asDouble()).isEqualTo(400.0);
        // the best step's summary is the bench's JSON: the marginal figure is above the floor given
        assertThat(best.get("cpu_us_per_request_marginal").get("total").asDouble()).isEqualTo(125.0);

        JsonNode steps = Api.JSON.readTree(dir.resolve("out").resolve("mixed-steps.json").toFile());
        assertThat(steps.get("max_rate_held").asDouble()).isEqualTo(400.0);
        assertThat(steps.get("idle_cpu_percent_of_core").get("gateway").asDouble()).isEqualTo(5.0);
        List<Double> rates = new ArrayList<>();
        steps.get("steps").forEach(s -> rates.add(s.get("rate").asDouble()));
        assertThat(rates).containsExactly(50.0, 100.0, 200.0, 400.0, 800.0, 600.0, 500.0, 450.0);
        assertThat(steps.get("steps").get(3).get("held").asBoolean()).isTrue();
        assertThat(steps.get("steps").get(3).get("gatling_exit").asInt()).isEqualTo(2);
        assertThat(steps.get("steps").get(4).get("misses").get(0).asText()).startsWith("p99 200");

        String svg = Files.readString(dir.resolve("out").resolve("mixed-steps.svg"));
        assertThat(LatencyChartTest.parse(svg).getElementsByTagName("polyline").getLength()).isEqualTo(2);
    }

    @Test
    void aRunThatBreaksIsAStepThatFailedAndTheSearchGoesOn() {
        int code = run((load, json) -> {
            if (load.rate() > 300) {
                throw new IllegalStateException("logging in the seeded accounts failed");
            }
            return fakeStack(load, json);
        }).run(search(50), dir.resolve("broken.json"));
        String out = printed.toString(StandardCharsets.UTF_8);
        assertThat(code).isZero();
        assertThat(out).contains("the run broke", "max rate that held: 300 rps");
    }

    @Test
    void exitsTwoWhenNotEvenTheStartRateHeld() {
        Path json = dir.resolve("none.json");
        int code = run(this::fakeStack).run(search(1000), json);
        assertThat(code).isEqualTo(2);
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("max rate that held: none");
        assertThat(json).doesNotExist();
        assertThat(dir.resolve("none-steps.json")).exists();
    }
}
