package dev.photofeed.deploy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker-compose.yml as parsed (anchors and merge keys resolved), with the questions the tests ask of it. */
record ComposeFile(Map<String, Object> root, Map<String, Map<String, Object>> services) {

    static final Path FILE = Repository.path("docker-compose.yml");

    static ComposeFile load() {
        Map<String, Object> root = Repository.yamlMap(FILE);
        Map<String, Map<String, Object>> services = new LinkedHashMap<>();
        Repository.map(root.get("services")).forEach((name, body) -> services.put(name, Repository.map(body)));
        return new ComposeFile(root, services);
    }

    /** The app a service runs, when its image is one this project builds. */
    Optional<String> app(String service) {
        String image = String.valueOf(services.get(service).get("image"));
        return Repository.APPS.stream().filter(a -> image.startsWith(Repository.image(a) + ":")).findFirst();
    }

    /** A one-shot job (k6, probe-tools): runs to completion instead of serving. */
    boolean oneShot(String service) {
        return "no".equals(String.valueOf(services.get(service).get("restart")));
    }

    /** Environment as a map whether written as a map or as KEY=value lines. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(k.toString(), v == null ? "" : v.toString()));
        } else {
            for (Object line : Repository.list(raw)) {
                String[] kv = line.toString().split("=", 2);
                env.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return env;
    }

    /** depends_on as name to condition (the short list form means service_started). */
    static Map<String, String> dependsOn(Map<String, Object> service) {
        Map<String, String> deps = new LinkedHashMap<>();
        Object raw = service.get("depends_on");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> deps.put(k.toString(),
                    String.valueOf(Repository.map(v).getOrDefault("condition", "service_started"))));
        } else {
            Repository.list(raw).forEach(name -> deps.put(name.toString(), "service_started"));
        }
        return deps;
    }

    /** Volume entries as (source, target) in short syntax "source:target[:mode]" or the long one. */
    static List<String[]> volumes(Map<String, Object> service) {
        return Repository.list(service.get("volumes")).stream().map(v -> {
            if (v instanceof Map<?, ?> m) {
                return new String[] {String.valueOf(m.get("source")), String.valueOf(m.get("target"))};
            }
            String[] parts = v.toString().split(":");
            return new String[] {parts[0], parts.length > 1 ? parts[1] : parts[0]};
        }).toList();
    }

    static List<String> networks(Map<String, Object> service) {
        Object raw = service.get("networks");
        if (raw instanceof Map<?, ?> map) {
            return map.keySet().stream().map(Object::toString).toList();
        }
        return Repository.list(raw).stream().map(Object::toString).toList();
    }
}
