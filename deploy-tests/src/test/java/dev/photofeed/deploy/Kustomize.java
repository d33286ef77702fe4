package dev.photofeed.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Renders a kustomization the way `kubectl kustomize` does, for the subset k8s/ uses: resources (files and
 * folders with their own kustomization), namespace, and strategic-merge patches by path. Anything else in a
 * kustomization.yaml fails the render, so a feature used but not understood here can't pass unchecked.
 * The result is parsed into fabric8's Kubernetes model (custom resources as generic ones).
 */
final class Kustomize {

    private static final Set<String> UNDERSTOOD = Set.of("apiVersion", "kind", "namespace", "resources", "patches");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Kustomize() {
    }

    static List<HasMetadata> build(Path directory) {
        return render(directory).stream()
                .map(document -> (HasMetadata) SERIALIZATION.unmarshal(SERIALIZATION.asJson(document)))
                .toList();
    }

    static List<Map<String, Object>> render(Path directory) {
        Path file = directory.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(directory + " has no kustomization.yaml");
        }
        Map<String, Object> kustomization = Repository.yamlMap(file);
        kustomization.keySet().stream().filter(k -> !UNDERSTOOD.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalStateException(file + ": '" + k + "' is not rendered by these tests; teach Kustomize.java or avoid it");
        });
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : Repository.list(kustomization.get("resources"))) {
            Path resource = directory.resolve(entry.toString()).normalize();
            if (Files.isDirectory(resource)) {
                resources.addAll(render(resource));
            } else if (Files.isRegularFile(resource)) {
                resources.addAll(Repository.yamlDocuments(resource));
            } else {
                throw new IllegalStateException(file + " lists missing resource " + entry);
            }
        }
        for (Object entry : Repository.list(kustomization.get("patches"))) {
            Map<String, Object> patch = Repository.map(entry);
            if (patch.size() != 1 || !patch.containsKey("path")) {
                throw new IllegalStateException(file + ": only patches by path (strategic merge) are rendered here: " + patch);
            }
            for (Map<String, Object> document : Repository.yamlDocuments(directory.resolve(patch.get("path").toString()))) {
                Map<String, Object> target = resources.stream()
                        .filter(r -> sameObject(r, document))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException(patch.get("path") + " patches " + document.get("kind") + "/"
                                + Repository.at(document, "metadata.name") + ", which " + directory + " does not have"));
                merge(target, document);
            }
        }
        Object namespace = kustomization.get("namespace");
        if (namespace != null) {
            resources.stream().filter(r -> !"Namespace".equals(r.get("kind")))
                    .forEach(r -> metadata(r).put("namespace", namespace));
        }
        return resources;
    }

    private static boolean sameObject(Map<String, Object> a, Map<String, Object> b) {
        return a.get("kind").equals(b.get("kind")) && Repository.at(a, "metadata.name").equals(Repository.at(b, "metadata.name"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> resource) {
        return (Map<String, Object>) resource.computeIfAbsent("metadata", k -> new LinkedHashMap<>());
    }

    /** Strategic merge: maps merge key by key, lists of named items merge by name, anything else is replaced. */
    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> target, Map<String, Object> patch) {
        patch.forEach((key, value) -> {
            Object current = target.get(key);
            if (value == null) {
                target.remove(key);
            } else if (current instanceof Map<?, ?> c && value instanceof Map<?, ?> v) {
                merge((Map<String, Object>) c, (Map<String, Object>) v);
            } else if (current instanceof List<?> c && value instanceof List<?> v && named(c) && named(v)) {
                List<Object> merged = new ArrayList<>(c);
                for (Object item : v) {
                    Object name = ((Map<?, ?>) item).get("name");
                    merged.stream().filter(m -> name.equals(((Map<?, ?>) m).get("name"))).findFirst()
                            .ifPresentOrElse(m -> merge((Map<String, Object>) m, (Map<String, Object>) item), () -> merged.add(item));
                }
                target.put(key, merged);
            } else {
                target.put(key, value);
            }
        });
    }

    private static boolean named(List<?> items) {
        return !items.isEmpty() && items.stream().allMatch(i -> i instanceof Map<?, ?> m && m.get("name") != null);
    }
}
