package dev.photofeed.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** One rendered kustomization, with the look-ups the checks need. */
record Manifests(String name, List<HasMetadata> resources) {

    static Manifests of(String kustomization) {
        return new Manifests(kustomization, Kustomize.build(Repository.path("k8s/" + kustomization)));
    }

    <T extends HasMetadata> Stream<T> all(Class<T> type) {
        return resources.stream().filter(type::isInstance).map(type::cast);
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String name) {
        return all(type).filter(r -> r.getMetadata().getName().equals(name)).findFirst();
    }

    /** A workload (Deployment or StatefulSet) and its pod template. */
    record Workload(String kind, String name, PodTemplateSpec template) {
        Map<String, String> labels() {
            return template.getMetadata().getLabels() == null ? Map.of() : template.getMetadata().getLabels();
        }
    }

    List<Workload> workloads() {
        List<Workload> workloads = new ArrayList<>();
        all(Deployment.class).forEach(d -> workloads.add(new Workload("Deployment", d.getMetadata().getName(), d.getSpec().getTemplate())));
        all(StatefulSet.class).forEach(s -> workloads.add(new Workload("StatefulSet", s.getMetadata().getName(), s.getSpec().getTemplate())));
        return workloads;
    }

    /** Services the operators create for the custom resources here (named by each operator's convention). */
    List<String> operatorServices() {
        List<String> names = new ArrayList<>();
        all(GenericKubernetesResource.class).forEach(r -> {
            String n = r.getMetadata().getName();
            switch (r.getApiVersion().split("/")[0] + "/" + r.getKind()) {
                case "postgresql.cnpg.io/Cluster" -> names.addAll(List.of(n + "-rw", n + "-ro", n + "-r"));
                case "kafka.strimzi.io/Kafka" -> names.add(n + "-kafka-bootstrap");
                case "redis.redis.opstreelabs.in/RedisReplication" -> names.addAll(List.of(n, n + "-master", n + "-replica"));
                default -> { }
            }
        });
        return names;
    }

    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        boolean labelsMatch = selector.getMatchLabels() == null
                || selector.getMatchLabels().entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
        boolean expressionsMatch = selector.getMatchExpressions() == null
                || selector.getMatchExpressions().stream().allMatch(e -> matches(e, labels));
        return labelsMatch && expressionsMatch;
    }

    static boolean selectsOnly(LabelSelector selector, Map<String, String> labels, List<Workload> workloads) {
        return workloads.stream().filter(w -> selects(selector, w.labels())).allMatch(w -> w.labels().equals(labels));
    }

    private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        return switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new IllegalArgumentException(requirement.getOperator());
        };
    }

    /** The container port a probe or Service names, by name or number. */
    static Optional<Integer> port(Container container, IntOrString port) {
        if (port == null) {
            return Optional.empty();
        }
        if (port.getIntVal() != null) {
            return Optional.of(port.getIntVal());
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName()))
                .map(ContainerPort::getContainerPort).findFirst();
    }

    static boolean hasPort(Workload workload, IntOrString port) {
        return workload.template().getSpec().getContainers().stream().anyMatch(c -> port(c, port).isPresent()
                && (port.getIntVal() == null || c.getPorts().stream().anyMatch(p -> p.getContainerPort().equals(port.getIntVal()))));
    }

    /** The app's container in its Deployment. */
    Container appContainer(String app) {
        return named(Deployment.class, app).orElseThrow(() -> new AssertionError(name() + " has no Deployment " + app))
                .getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(app)).findFirst()
                .orElseThrow(() -> new AssertionError(app + " has no container named " + app));
    }

    /** The container's environment: ConfigMaps it reads whole, then its own variables (values from Secrets as ""). */
    Map<String, String> environment(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
            if (from.getConfigMapRef() != null) {
                named(ConfigMap.class, from.getConfigMapRef().getName()).ifPresent(cm -> env.putAll(cm.getData()));
            }
        }
        for (EnvVar v : Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of())) {
            env.put(v.getName(), Objects.requireNonNullElse(v.getValue(), ""));
        }
        return env;
    }

    Optional<Service> service(String name) {
        return named(Service.class, name);
    }
}
