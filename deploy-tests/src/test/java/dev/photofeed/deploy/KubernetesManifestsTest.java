package dev.photofeed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every manifest under k8s/, the base and each overlay rendered, checked against itself and the apps. */
class KubernetesManifestsTest {

    static final Map<String, Manifests> RENDERED = new HashMap<>();

    @BeforeAll
    static void render() {
        for (String kustomization : List.of("base", "overlays/kind", "overlays/production")) {
            RENDERED.put(kustomization, Manifests.of(kustomization));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void everyFieldIsOneKubernetesKnows(String kustomization) {
        assertThat(RENDERED.get(kustomization).resources().stream().flatMap(r -> UnknownFields.of(r).stream()).toList()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void servicesSelectTheirWorkloadsPods(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        List<String> problems = new ArrayList<>();
        m.all(Service.class).forEach(service -> {
            Map<String, String> selector = service.getSpec().getSelector();
            List<Manifests.Workload> selected = m.workloads().stream()
                    .filter(w -> selector != null && !selector.isEmpty() && w.labels().entrySet().containsAll(selector.entrySet()))
                    .toList();
            if (selected.isEmpty()) {
                problems.add("Service " + service.getMetadata().getName() + " selects no workload's pods");
            }
            for (ServicePort port : service.getSpec().getPorts()) {
                selected.stream().filter(w -> !Manifests.hasPort(w, port.getTargetPort()))
                        .forEach(w -> problems.add("Service " + service.getMetadata().getName() + " targets port " + port.getTargetPort()
                                + " that " + w.name() + " does not expose"));
            }
        });
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void everyAppScalesOnCpuAndHasADisruptionBudget(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        List<String> problems = new ArrayList<>();
        m.all(HorizontalPodAutoscaler.class).forEach(hpa -> {
            var target = hpa.getSpec().getScaleTargetRef();
            if (m.workloads().stream().noneMatch(w -> w.kind().equals(target.getKind()) && w.name().equals(target.getName()))) {
                problems.add("HPA " + hpa.getMetadata().getName() + " scales missing " + target.getKind() + "/" + target.getName());
            }
            if (hpa.getSpec().getMetrics().stream().noneMatch(metric -> metric.getResource() != null && "cpu".equals(metric.getResource().getName()))) {
                problems.add("HPA " + hpa.getMetadata().getName() + " does not scale on CPU");
            }
        });
        m.all(PodDisruptionBudget.class).forEach(pdb -> {
            if (m.workloads().stream().noneMatch(w -> Manifests.selects(pdb.getSpec().getSelector(), w.labels()))) {
                problems.add("PDB " + pdb.getMetadata().getName() + " selects no workload's pods");
            }
        });
        for (String app : Repository.APPS) {
            Manifests.Workload workload = m.workloads().stream().filter(w -> w.name().equals(app)).findFirst().orElse(null);
            if (workload == null) {
                problems.add("no Deployment " + app);
                continue;
            }
            if (m.all(HorizontalPodAutoscaler.class).noneMatch(h -> h.getSpec().getScaleTargetRef().getName().equals(app))) {
                problems.add(app + " has no HPA");
            }
            if (m.all(PodDisruptionBudget.class).noneMatch(p -> Manifests.selects(p.getSpec().getSelector(), workload.labels()))) {
                problems.add(app + " has no PodDisruptionBudget");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void appsRunTheBuiltImagesWithProbesOnActuatorsGroupsAndTheirPort(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        List<String> problems = new ArrayList<>();
        for (Manifests.Workload w : m.workloads()) {
            for (Container c : w.template().getSpec().getContainers()) {
                if (c.getImage().startsWith("photofeed/") && !c.getImage().equals(Repository.image(w.name()) + ":" + Repository.VERSION)) {
                    problems.add(w.name() + " runs " + c.getImage() + ", not an image the build produces ("
                            + Repository.image(w.name()) + ":" + Repository.VERSION + ")");
                }
            }
        }
        for (String app : Repository.APPS) {
            AppConfiguration config = AppConfiguration.of(app);
            Container c = m.appContainer(app);
            assertThat(config.probesEnabled()).as(app + " enables Actuator's probes").isTrue();
            int port = m.environment(c).containsKey("MANAGEMENT_SERVER_PORT") ? Integer.parseInt(m.environment(c).get("MANAGEMENT_SERVER_PORT"))
                    : m.environment(c).containsKey("SERVER_PORT") ? Integer.parseInt(m.environment(c).get("SERVER_PORT")) : config.managementPort();
            checkProbe(problems, app, "liveness", c.getLivenessProbe(), c, "/actuator/health/liveness", port);
            checkProbe(problems, app, "readiness", c.getReadinessProbe(), c, "/actuator/health/readiness", port);
            if (c.getStartupProbe() != null) {
                checkProbe(problems, app, "startup", c.getStartupProbe(), c, "/actuator/health/liveness", port);
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void appsAreLimitedNonRootReadOnlyAndSpreadOverZones(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        List<String> problems = new ArrayList<>();
        for (String app : Repository.APPS) {
            PodSpec pod = m.named(Deployment.class, app).orElseThrow().getSpec().getTemplate().getSpec();
            Container c = m.appContainer(app);
            var resources = c.getResources();
            for (String resource : List.of("cpu", "memory")) {
                if (resources == null || resources.getRequests() == null || !resources.getRequests().containsKey(resource)
                        || resources.getLimits() == null || !resources.getLimits().containsKey(resource)) {
                    problems.add(app + " lacks a " + resource + " request or limit");
                }
            }
            boolean nonRoot = Boolean.TRUE.equals(pod.getSecurityContext() == null ? null : pod.getSecurityContext().getRunAsNonRoot())
                    || Boolean.TRUE.equals(c.getSecurityContext() == null ? null : c.getSecurityContext().getRunAsNonRoot());
            if (!nonRoot) {
                problems.add(app + " may run as root");
            }
            if (c.getSecurityContext() == null || !Boolean.TRUE.equals(c.getSecurityContext().getReadOnlyRootFilesystem())
                    || !Boolean.FALSE.equals(c.getSecurityContext().getAllowPrivilegeEscalation())) {
                problems.add(app + " lacks a read-only root filesystem or allows privilege escalation");
            }
            Optional<String> tmpVolume = c.getVolumeMounts().stream().filter(v -> v.getMountPath().equals("/tmp")).map(v -> v.getName()).findFirst();
            if (tmpVolume.isEmpty() || pod.getVolumes().stream().noneMatch(v -> v.getName().equals(tmpVolume.get()) && v.getEmptyDir() != null)) {
                problems.add(app + " has no emptyDir at /tmp");
            }
            if (pod.getTopologySpreadConstraints() == null
                    || pod.getTopologySpreadConstraints().stream().noneMatch(t -> t.getTopologyKey().equals("topology.kubernetes.io/zone"))) {
                problems.add(app + " is not spread across zones");
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void everyVariableIsBoundByTheAppAndEveryConfigMapExists(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        List<String> problems = new ArrayList<>();
        for (String app : Repository.APPS) {
            Container c = m.appContainer(app);
            for (EnvFromSource from : Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of())) {
                if (from.getConfigMapRef() != null && m.named(ConfigMap.class, from.getConfigMapRef().getName()).isEmpty()) {
                    problems.add(app + " reads missing ConfigMap " + from.getConfigMapRef().getName());
                }
            }
            m.environment(c).keySet().stream().filter(v -> !AppConfiguration.of(app).binds(v))
                    .forEach(v -> problems.add(app + ": " + v + " is bound by no property of " + app));
        }
        for (Manifests.Workload w : m.workloads()) {
            for (Container c : w.template().getSpec().getContainers()) {
                if (Repository.APPS.contains(w.name())) {
                    continue;
                }
                List<String> allowed = ImageVariables.of(c.getImage());
                if (allowed == null) {
                    problems.add(w.name() + " runs " + c.getImage() + ", whose variables ImageVariables does not know");
                    continue;
                }
                m.environment(c).keySet().stream().filter(v -> allowed.stream().noneMatch(v::startsWith))
                        .forEach(v -> problems.add(w.name() + ": " + v + " is not read by " + c.getImage()));
            }
            for (Volume v : Objects.requireNonNullElse(w.template().getSpec().getVolumes(), List.<Volume>of())) {
                if (v.getConfigMap() != null && m.named(ConfigMap.class, v.getConfigMap().getName()).isEmpty()) {
                    problems.add(w.name() + " mounts missing ConfigMap " + v.getConfigMap().getName());
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void secretsAreReferencedNeverCommittedAndTheDeployGuideSaysHowToMakeThem(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        assertThat(m.all(Secret.class).map(s -> s.getMetadata().getName()).toList()).as("Secrets committed under k8s/").isEmpty();
        String deployGuide = Repository.read(Repository.path("docs/deploy.md"));
        Set<String> referenced = secretsReferenced(m);
        assertThat(referenced).as("the services need their credentials").isNotEmpty();
        referenced.forEach(secret -> assertThat(deployGuide).as("docs/deploy.md explains Secret " + secret).contains("create secret generic " + secret));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void onlyTheGatewayTakesTrafficFromOutside(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        List<NetworkPolicy> policies = m.all(NetworkPolicy.class).toList();
        assertThat(policies).as("a default deny of ingress for every pod").anyMatch(p -> Objects.requireNonNullElse(p.getSpec().getPodSelector().getMatchLabels(), Map.of()).isEmpty()
                && Objects.requireNonNullElse(p.getSpec().getPodSelector().getMatchExpressions(), List.of()).isEmpty()
                && p.getSpec().getPolicyTypes().contains("Ingress")
                && (p.getSpec().getIngress() == null || p.getSpec().getIngress().isEmpty()));
        Map<String, String> gatewayPods = m.workloads().stream().filter(w -> w.name().equals("gateway")).findFirst().orElseThrow().labels();
        List<String> problems = new ArrayList<>();
        for (NetworkPolicy policy : policies) {
            for (NetworkPolicyIngressRule rule : Objects.requireNonNullElse(policy.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of())) {
                if (fromAnywhere(rule) && !Manifests.selectsOnly(policy.getSpec().getPodSelector(), gatewayPods, m.workloads())) {
                    problems.add(policy.getMetadata().getName() + " opens pods other than the gateway to any source");
                }
            }
        }
        assertThat(problems).isEmpty();
        for (String app : Repository.APPS) {
            Map<String, String> labels = m.workloads().stream().filter(w -> w.name().equals(app)).findFirst().orElseThrow().labels();
            boolean open = policies.stream().anyMatch(p -> Manifests.selects(p.getSpec().getPodSelector(), labels)
                    && Objects.requireNonNullElse(p.getSpec().getIngress(), List.<NetworkPolicyIngressRule>of()).stream().anyMatch(KubernetesManifestsTest::fromAnywhere));
            assertThat(open).as(app + " open to outside traffic").isEqualTo(app.equals("gateway"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"overlays/kind", "overlays/production"})
    void everyAddressAnAppIsGivenIsAServiceOnItsPort(String kustomization) {
        Manifests m = RENDERED.get(kustomization);
        // host[:port], after any scheme (jdbc:postgresql://, http://), in a comma-separated list
        Pattern address = Pattern.compile("^(?:[a-z:]+//)?([a-z0-9][a-z0-9.-]*)(?::(\\d+))?(?:/.*)?$");
        List<String> operatorServices = m.operatorServices();
        List<String> problems = new ArrayList<>();
        for (String app : Repository.APPS) {
            m.environment(m.appContainer(app)).forEach((variable, value) -> {
                if (!(variable.endsWith("_URL") || variable.endsWith("_HOST") || variable.endsWith("BOOTSTRAPSERVERS")
                        || variable.startsWith("PHOTOFEED_UPSTREAM_") || variable.endsWith("_ENDPOINT"))) {
                    return;
                }
                for (String one : value.split(",")) {
                    Matcher matcher = address.matcher(one.trim());
                    if (!matcher.matches()) {
                        problems.add(app + ": " + variable + " is no address: " + one);
                        continue;
                    }
                    String[] host = matcher.group(1).split("\\.");
                    String serviceName = host.length == 2 ? host[1] : host[0];
                    if (host.length > 2 || (host.length == 2 && m.service(serviceName).isEmpty())) {
                        continue; // outside the namespace (another namespace's Service, or a public endpoint)
                    }
                    Optional<Service> service = m.service(serviceName);
                    if (service.isEmpty()) {
                        if (!operatorServices.contains(serviceName)) {
                            problems.add(app + ": " + variable + " names " + serviceName + ", which is no Service here");
                        }
                        continue;
                    }
                    if (host.length == 2 && !"None".equals(service.get().getSpec().getClusterIP())) {
                        problems.add(app + ": " + variable + " names pod " + matcher.group(1) + " of a Service that is not headless");
                    }
                    if (matcher.group(2) != null && service.get().getSpec().getPorts().stream()
                            .noneMatch(p -> p.getPort().equals(Integer.parseInt(matcher.group(2))))) {
                        problems.add(app + ": " + variable + " uses port " + matcher.group(2) + ", which Service " + serviceName + " lacks");
                    }
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void productionRunsTheStoresThroughTheirOperators() {
        Manifests m = RENDERED.get("overlays/production");
        Map<String, Long> kinds = m.resources().stream()
                .filter(r -> r instanceof GenericKubernetesResource)
                .collect(Collectors.groupingBy(r -> r.getApiVersion().split("/")[0] + "/" + r.getKind(), LinkedHashMap::new, Collectors.counting()));
        assertThat(kinds).containsEntry("kafka.strimzi.io/Kafka", 1L)
                .containsEntry("postgresql.cnpg.io/Cluster", 4L)
                .containsKey("redis.redis.opstreelabs.in/RedisReplication");
        m.all(GenericKubernetesResource.class).filter(r -> r.getKind().equals("Cluster")).forEach(cluster ->
                assertThat(((Number) Repository.at(cluster.getAdditionalProperties(), "spec.instances")).intValue())
                        .as(cluster.getMetadata().getName() + " has a replica").isGreaterThanOrEqualTo(2));
        assertThat(m.workloads()).as("no hand-run stores in production").allMatch(w -> Repository.APPS.contains(w.name()));
    }

    private static boolean fromAnywhere(NetworkPolicyIngressRule rule) {
        List<NetworkPolicyPeer> from = rule.getFrom();
        return from == null || from.isEmpty()
                || from.stream().anyMatch(p -> p.getIpBlock() != null && p.getIpBlock().getCidr().endsWith("/0"));
    }

    private static void checkProbe(List<String> problems, String app, String kind, Probe probe, Container c, String path, int port) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(app + " has no HTTP " + kind + " probe");
            return;
        }
        if (!path.equals(probe.getHttpGet().getPath())) {
            problems.add(app + " " + kind + " probe asks " + probe.getHttpGet().getPath() + ", not " + path);
        }
        if (!Manifests.port(c, probe.getHttpGet().getPort()).equals(Optional.of(port))) {
            problems.add(app + " " + kind + " probe port " + probe.getHttpGet().getPort() + " is not the app's Actuator port " + port);
        }
    }


    private static Set<String> secretsReferenced(Manifests m) {
        Set<String> names = new TreeSet<>();
        for (Manifests.Workload w : m.workloads()) {
            PodSpec pod = w.template().getSpec();
            for (Container c : pod.getContainers()) {
                Objects.requireNonNullElse(c.getEnv(), List.<EnvVar>of()).stream()
                        .filter(v -> v.getValueFrom() != null && v.getValueFrom().getSecretKeyRef() != null)
                        .forEach(v -> names.add(v.getValueFrom().getSecretKeyRef().getName()));
                Objects.requireNonNullElse(c.getEnvFrom(), List.<EnvFromSource>of()).stream()
                        .filter(f -> f.getSecretRef() != null).forEach(f -> names.add(f.getSecretRef().getName()));
            }
            Objects.requireNonNullElse(pod.getVolumes(), List.<Volume>of()).stream()
                    .filter(v -> v.getSecret() != null).forEach(v -> names.add(v.getSecret().getSecretName()));
        }
        return names;
    }
}
