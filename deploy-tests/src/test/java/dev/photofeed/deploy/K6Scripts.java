package dev.photofeed.deploy;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The k6 scripts Compose's load profile runs (load-tests/k6), and what they read. That every bench scenario has one
 * is load-tests' {@code K6ScriptsTest}, which sees the scenarios.
 */
final class K6Scripts {

    static final Path DIRECTORY = Repository.path("load-tests/k6");

    static final Pattern ENV = Pattern.compile("__ENV\\.([A-Za-z_][A-Za-z0-9_]*)(\\s*(\\|\\||\\?\\?))?");
    static final Pattern OPEN = Pattern.compile("\\bopen\\(\\s*['\"]([^'\"]+)['\"]");
    static final Pattern LOCAL_IMPORT = Pattern.compile("(?:from|import)\\s+['\"](\\.{1,2}/[^'\"]+)['\"]");

    private K6Scripts() {
    }

    static List<Path> scripts() {
        return Repository.files(DIRECTORY, ".js");
    }

    /** Every __ENV variable any script reads. */
    static Set<String> environmentVariables() {
        Set<String> names = new LinkedHashSet<>();
        for (Path script : scripts()) {
            Matcher m = ENV.matcher(Repository.read(script));
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** __ENV variables a script reads with no fallback (`__ENV.X || default` or `?? default`). */
    static Set<String> requiredVariables(Path script) {
        Set<String> required = new LinkedHashSet<>();
        Set<String> defaulted = new LinkedHashSet<>();
        Matcher m = ENV.matcher(Repository.read(script));
        while (m.find()) {
            (m.group(2) == null ? required : defaulted).add(m.group(1));
        }
        required.removeAll(defaulted);
        return required;
    }

    /** Files a script opens or imports by relative path, resolved against the script's folder. */
    static Set<Path> referencedFiles(Path script) {
        Set<Path> files = new LinkedHashSet<>();
        String text = Repository.read(script);
        for (Pattern pattern : List.of(OPEN, LOCAL_IMPORT)) {
            Matcher m = pattern.matcher(text);
            while (m.find()) {
                files.add(script.getParent().resolve(m.group(1)).normalize());
            }
        }
        return files;
    }
}
