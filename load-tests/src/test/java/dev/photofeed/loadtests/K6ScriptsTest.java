package dev.photofeed.loadtests;

import dev.photofeed.loadtests.bench.Bench;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The k6 scripts (run by Compose users from k6's image; no k6 binary here) mirror every scenario and parse:
 * {@code node --check} on each, as ES modules (k6/package.json says so), fails the build on a syntax error.
 */
class K6ScriptsTest {

    private static final Path K6 = Path.of("k6");

    @Test
    void everyScenarioHasAScript() {
        for (String scenario : Bench.SCENARIOS.keySet()) {
            assertThat(K6.resolve(scenario + ".js")).as("k6 script for " + scenario).isRegularFile();
        }
    }

    @Test
    void everyScriptParses() throws Exception {
        List<Path> scripts = new ArrayList<>();
        try (var files = Files.list(K6)) {
            files.filter(p -> p.toString().endsWith(".js")).sorted().forEach(scripts::add);
        }
        assertThat(scripts).hasSizeGreaterThan(Bench.SCENARIOS.size());
        for (Path script : scripts) {
            Process node = new ProcessBuilder("node", "--check", script.toString()).redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes());
            assertThat(node.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(script + ": " + output).isZero();
        }
    }
}
