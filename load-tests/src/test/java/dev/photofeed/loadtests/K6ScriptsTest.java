package dev.photofeed.loadtests;

import dev.photofeed.loadtests.bench.Bench;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.io.IOAccess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The k6 scripts (run by Compose users from k6's image; no k6 binary here) mirror every scenario and parse as
 * ES modules, which k6 runs them as. GraalJS from Maven Central parses them: nothing is executed and the
 * {@code k6/...} imports are not resolved, so a syntax error fails the build on any machine with a JDK.
 */
class K6ScriptsTest {

    private static final Path K6 = Path.of("k6");
    private static final Engine ENGINE = Engine.newBuilder("js").option("engine.WarnInterpreterOnly", "false").build();

    @AfterAll
    static void close() {
        ENGINE.close();
    }

    @Test
    void everyScenarioHasAScript() {
        for (String scenario : Bench.SCENARIOS.keySet()) {
            assertThat(K6.resolve(scenario + ".js")).as("k6 script for " + scenario).isRegularFile();
        }
    }

    @Test
    void everyScriptParses() throws IOException {
        List<Path> scripts = new ArrayList<>();
        try (var files = Files.list(K6)) {
            files.filter(p -> p.toString().endsWith(".js")).sorted().forEach(scripts::add);
        }
        assertThat(scripts).hasSizeGreaterThan(Bench.SCENARIOS.size());
        for (Path script : scripts) {
            parseModule(script.getFileName().toString(), Files.readString(script));
        }
    }

    @Test
    void aSyntaxErrorIsCaughtWithItsLine() {
        assertThatThrownBy(() -> parseModule("broken.js", "import http from 'k6/http';\nexport default function () {\n  const = 5;\n}\n"))
                .isInstanceOf(AssertionError.class).hasMessageStartingWith("broken.js:3:");
    }

    private static void parseModule(String name, String code) {
        Source source = Source.newBuilder("js", code, name).mimeType("application/javascript+module").buildLiteral();
        try (Context context = Context.newBuilder("js").engine(ENGINE).allowIO(IOAccess.NONE).build()) {
            context.parse(source);
        } catch (PolyglotException e) {
            if (!e.isSyntaxError()) {
                throw e;
            }
            int line = e.getSourceLocation() == null ? 0 : e.getSourceLocation().getStartLine();
            throw new AssertionError(name + ":" + line + ": " + e.getMessage(), e);
        }
    }
}
