package dev.photofeed.loadtests.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A find-max step judged from the summary JSON its run wrote. */
class ProbeTest {

    /** {@code ok} 200s and {@code failed} 503s at {@code ms} each over a 10 s window, offered at {@code rate}. */
    static Probe probe(double rate, int ok, int failed, long ms) {
        Recorder recorder = new Recorder();
        for (int i = 0; i < ok + failed; i++) {
            recorder.response(i < ok ? 200 : 503, ms * 1000);
        }
        Summary summary = recorder.summary("mixed", rate, new CpuWindow.Measured(Duration.ofSeconds(10),
                Map.of("gateway", Duration.ofSeconds(1)), Duration.ZERO), Map.of("gateway", 0.05));
        return new Probe(rate, summary.json(), 0);
    }

    @Test
    void holdsWithinTheBarWithoutErrorsAndKeepingUp() {
        Probe p = probe(100, 1000, 0, 20);
        assertThat(p.misses(150)).isEmpty();
        assertThat(p.rps()).isEqualTo(100.0);
        assertThat(p.p99Ms()).isBetween(19.9, 20.1);
        // 1 s less 0.05 core × 10 s, over 1000 requests
        assertThat(p.marginalCpuMicros()).isEqualTo(500.0);
        assertThat(p.cpuMicros()).isEqualTo(1000.0);
    }

    @Test
    void namesEveryThresholdItMissed() {
        assertThat(probe(100, 1000, 0, 200).misses(150)).singleElement().asString().startsWith("p99 200");
        assertThat(probe(100, 995, 5, 20).misses(150)).containsExactly("5 errors");
        // 1000 requests in 10 s offered at 200/s: the stack fell behind
        assertThat(probe(200, 1000, 0, 20).misses(150)).singleElement().asString().startsWith("rps 100.0 < 95% of 200");
    }

    @Test
    void aBrokenRunDidNotHold() {
        Probe broken = Probe.broken(400, 1);
        assertThat(broken.broke()).isTrue();
        assertThat(broken.misses(150)).singleElement().asString().contains("Gatling exit 1");
        assertThat(broken.p99Ms()).isNaN();
    }
}
