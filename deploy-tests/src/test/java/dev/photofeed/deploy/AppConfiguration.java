package dev.photofeed.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Optional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.photofeed.localstack.ServiceProperties;

/**
 * What one app really binds, as environment-variable names under Spring's relaxed binding: the keys of its
 * application*.yml files and common's shared defaults, the ${...} placeholders in those files, and the properties
 * in the configuration metadata of its built jar (what the image runs): the app's own
 * (META-INF/spring-configuration-metadata.json, which the configuration processor writes from its
 * @ConfigurationProperties records) and that of every jar packed into it (common's, Spring Boot's, ...). Plus the
 * few variables that are read by no Spring binder: the JVM's JAVA_TOOL_OPTIONS and the OpenTelemetry agent's OTEL_*.
 */
final class AppConfiguration {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.\\-\\[\\]]+)[:}]");
    private static final Pattern PLACEHOLDER_DEFAULT = Pattern.compile("\\$\\{[^:}]+:(.*)}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String METADATA = "META-INF/spring-configuration-metadata.json";
    private static final String ADDITIONAL_METADATA = "META-INF/additional-spring-configuration-metadata.json";
    /** common's settings every service shares (common's {@code ServiceDefaults} loads them). */
    private static final String SERVICE_DEFAULTS = "photofeed-service-defaults.yml";

    final String app;
    final Map<String, Object> applicationYml;
    private final Set<String> names = new HashSet<>();
    private final Set<String> prefixes = new HashSet<>();
    /** The configuration processor's default of each property that states one, by environment-variable name. */
    private final Map<String, String> metadataDefaults = new HashMap<>();

    private AppConfiguration(String app) {
        this.app = app;
        Path module = Repository.path(app);
        // what the app runs with: common's shared defaults beneath its own application.yml
        this.applicationYml = merged(Repository.yamlMap(Repository.path("common/src/main/resources/" + SERVICE_DEFAULTS)),
                Repository.yamlMap(module.resolve("src/main/resources/application.yml")));
        flatten("", Repository.yamlMap(Repository.path("common/src/main/resources/" + SERVICE_DEFAULTS)));
        for (Path yml : Repository.files(module.resolve("src/main/resources"), ".yml", ".yaml")) {
            flatten("", Repository.yamlMap(yml));
            placeholders(Repository.read(yml));
        }
        metadata(module.resolve("target/" + app + ".jar"));
    }

    /** Read once per test run: the packed jars take seconds to scan. */
    private static final Map<String, AppConfiguration> READ = new ConcurrentHashMap<>();

    static AppConfiguration of(String app) {
        return READ.computeIfAbsent(app, AppConfiguration::new);
    }

    /** Whether setting this environment variable reaches a property the app binds. */
    boolean binds(String environmentVariable) {
        if (environmentVariable.equals("JAVA_TOOL_OPTIONS") || environmentVariable.startsWith("OTEL_")) {
            return true;
        }
        String env = anyIndex(environmentVariable);
        return names.contains(env) || prefixes.stream().anyMatch(p -> env.startsWith(p + "_"));
    }

    /**
     * What the app runs with when nothing sets {@code property}: its application.yml (over common's shared
     * defaults), else the default its {@code @ConfigurationProperties} record states; empty where neither does.
     */
    Optional<String> defaultValue(String property) {
        Object yml = Repository.at(applicationYml, property);
        if (yml != null && !(yml instanceof Map<?, ?>)) {
            Matcher placeholder = PLACEHOLDER_DEFAULT.matcher(String.valueOf(yml));
            return Optional.of(placeholder.matches() ? placeholder.group(1) : String.valueOf(yml));
        }
        return Optional.ofNullable(metadataDefaults.get(env(property)));
    }

    /** The port the app listens on unless told otherwise (server.port in its application.yml). */
    int serverPort() {
        return ((Number) Repository.at(applicationYml, "server.port")).intValue();
    }

    /** Where the Actuator answers: {@code management.server.port}, else the server's port. */
    int managementPort() {
        Object port = Repository.at(applicationYml, "management.server.port");
        return port == null ? serverPort() : ((Number) port).intValue();
    }

    boolean probesEnabled() {
        return Boolean.TRUE.equals(Repository.at(applicationYml, "management.endpoint.health.probes.enabled"));
    }

    /** {@code over} laid on {@code under}, map by map, as Spring stacks two property sources. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> merged(Map<String, Object> under, Map<String, Object> over) {
        Map<String, Object> merged = new LinkedHashMap<>(under);
        over.forEach((key, value) -> merged.merge(key, value, (a, b) -> a instanceof Map<?, ?> am && b instanceof Map<?, ?> bm
                ? merged((Map<String, Object>) am, (Map<String, Object>) bm) : b));
        return merged;
    }

    private void flatten(String prefix, Object value) {
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> flatten(prefix.isEmpty() ? k.toString() : prefix + "." + k, v));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i));
            }
            names.add(env(prefix));
        } else {
            names.add(env(prefix));
        }
    }

    private void placeholders(String text) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        while (placeholder.find()) {
            names.add(env(placeholder.group(1)));
        }
    }

    /** The configuration metadata of the app's own classes and of each packed library. */
    private void metadata(Path jar) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: package the apps first (./mvnw verify builds them before these tests)");
        }
        try (ZipFile fat = new ZipFile(jar.toFile())) {
            // the repackaged jar keeps the app's META-INF at its root; BOOT-INF/classes/ is where a layout might move it
            ZipEntry own = fat.getEntry(METADATA) != null ? fat.getEntry(METADATA) : fat.getEntry("BOOT-INF/classes/" + METADATA);
            if (own == null) {
                throw new IllegalStateException(jar + " holds no " + METADATA + ": is the configuration processor "
                        + "still among the compiler's annotationProcessorPaths (pom.xml)?");
            }
            try (InputStream json = fat.getInputStream(own)) {
                metadata(json);
            }
            for (ZipEntry entry : fat.stream().filter(e -> e.getName().startsWith("BOOT-INF/lib/")).toList()) {
                try (ZipInputStream library = new ZipInputStream(fat.getInputStream(entry))) {
                    for (ZipEntry inner; (inner = library.getNextEntry()) != null; ) {
                        if (inner.getName().equals(METADATA) || inner.getName().equals(ADDITIONAL_METADATA)) {
                            metadata(library);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void metadata(InputStream json) throws IOException {
        JsonNode root = JSON.readTree(json.readAllBytes());
        for (JsonNode property : root.path("properties")) {
            String name = env(property.path("name").asText());
            names.add(name);
            JsonNode defaultValue = property.path("defaultValue");
            if (defaultValue.isValueNode() && !defaultValue.isNull()) {
                metadataDefaults.putIfAbsent(name, defaultValue.asText());
            }
            // map- and list-valued properties take keys or indexes below them
            String type = property.path("type").asText("");
            if (type.startsWith("java.util.Map") || type.startsWith("java.util.List")) {
                prefixes.add(name);
            }
        }
    }

    private static String env(String property) {
        return anyIndex(ServiceProperties.environmentVariable(property));
    }

    /** List indexes are free: PHOTOFEED_SHARDS_PHYSICAL_3_URL binds wherever _0_ does. */
    private static String anyIndex(String environmentVariable) {
        return environmentVariable.replaceAll("_\\d+(?=_|$)", "_#");
    }
}
