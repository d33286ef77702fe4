package dev.photofeed.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The checked-out project as the tests see it: its root, version, Spring Boot apps, and YAML reading. */
final class Repository {

    static final Path ROOT = Path.of(System.getProperty("photofeed.root", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("photofeed.version", "0.1.0-SNAPSHOT");

    /** The parent pom's modules. */
    static final List<String> MODULES = Pattern.compile("<module>([^<]+)</module>")
            .matcher(read(ROOT.resolve("pom.xml"))).results().map(m -> m.group(1)).toList();

    /** The deployable modules: those the Spring Boot plugin packages (what the Dockerfile's MODULE builds). */
    static final List<String> APPS = MODULES.stream()
            .filter(m -> read(ROOT.resolve(m).resolve("pom.xml")).contains("<artifactId>spring-boot-maven-plugin</artifactId>"))
            .toList();

    /** Image name of an app as docker-compose.yml's build produces it (k8s uses the same names). */
    static String image(String app) {
        return "photofeed/" + app;
    }

    private Repository() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SnakeYAML with merge keys (&lt;&lt;: *anchor), as Compose reads them. */
    static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(500);
        return new Yaml(options);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yamlMap(Path file) {
        Object loaded = yaml().load(read(file));
        return loaded == null ? Map.of() : (Map<String, Object>) loaded;
    }

    /** Every document of a multi-document YAML file, empty ones skipped. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(Path file) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(read(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    static List<Path> files(Path directory, String... suffixes) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(f -> Stream.of(suffixes).anyMatch(s -> f.getFileName().toString().endsWith(s)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value == null ? List.of() : (List<Object>) value;
    }

    /** A value at a dotted path through nested maps, or null. */
    static Object at(Object root, String dottedPath) {
        Object current = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(current instanceof Map<?, ?> m)) {
                return null;
            }
            current = m.get(key);
        }
        return current;
    }
}
