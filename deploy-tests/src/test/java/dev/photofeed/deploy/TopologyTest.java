package dev.photofeed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Endpoints;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ServiceProperties;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The launcher's catalogue of components ({@link Component}) is the one declaration of the topology: the
 * deployable modules, their ports, and what each service is given. Compose and Kubernetes are checked against it.
 */
class TopologyTest {

    private static final Ports DEFAULTS = Ports.fromEnvironment(Map.of(), 1);
    private static final Endpoints LOCAL = new Endpoints(List.of(new Endpoints.Postgres("localhost", 15432, "u", "p")),
            "localhost", 16379, "localhost:19092", "http://localhost:19000", "a", "s");

    @Test
    void everyDeployableModuleIsAServiceOfTheCatalogueServingOnItsPort() {
        assertThat(Component.services().stream().map(Component::id))
                .as("services in the catalogue and modules the build packages")
                .containsExactlyInAnyOrderElementsOf(Repository.APPS);
        for (Component service : Component.services()) {
            assertThat(AppConfiguration.of(service.id()).serverPort()).as(service.id() + "'s server.port")
                    .isEqualTo(service.port().defaultPort());
            assertThat(AppConfiguration.of(service.id()).managementPort()).as(service.id() + "'s Actuator port")
                    .isEqualTo(service.managementPort().defaultPort());
        }
    }

    @Test
    void docsListEveryPortWithItsDefaultInOneRow() {
        String docs = Repository.read(Repository.path("docs/configuration.md"));
        List<String> missing = new ArrayList<>();
        for (Component component : Component.values()) {
            for (Component.Port port : component.ports()) {
                if (docs.lines().noneMatch(row -> row.startsWith("|") && row.contains("`" + port.variable() + "`")
                        && row.contains(String.valueOf(port.defaultPort())))) {
                    missing.add(port.variable() + " (" + port.defaultPort() + ")");
                }
            }
        }
        assertThat(missing).as("ports missing from docs/configuration.md").isEmpty();
    }

    @Test
    void composeGivesEachServiceWhatTheCatalogueSaysAndNothingItDoesNot() {
        ComposeFile compose = ComposeFile.load();
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, body) -> compose.app(name).ifPresent(app -> {
            check(problems, "compose " + name, app, ComposeFile.environment(body));
            int management = Component.service(app).orElseThrow().managementPort().defaultPort();
            if (!String.valueOf(Repository.at(body, "healthcheck.test")).contains(":" + management + "/actuator/health/readiness")) {
                problems.add("compose " + name + ": its health check does not ask the Actuator on port " + management);
            }
            if (!Repository.list(body.get("ports")).isEmpty()) {
                problems.add("compose " + name + " publishes ports: only the edge faces the host");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"base", "overlays/kind", "overlays/production"})
    void kubernetesGivesEachServiceWhatTheCatalogueSaysAndNothingItDoesNot(String kustomization) {
        Manifests m = Manifests.of(kustomization);
        List<String> problems = new ArrayList<>();
        for (Component service : Component.services()) {
            var container = m.appContainer(service.id());
            check(problems, kustomization + " " + service.id(), service.id(), m.environment(container));
            assertThat(container.getPorts()).as(kustomization + " " + service.id() + " container port")
                    .anyMatch(p -> p.getContainerPort() == service.port().defaultPort());
            if (service.managementPort() != service.port()) {
                int management = service.managementPort().defaultPort();
                assertThat(m.service(service.id()).orElseThrow().getSpec().getPorts())
                        .as(kustomization + ": the " + service.id() + " Service publishes no Actuator port")
                        .noneMatch(p -> p.getTargetPort().getIntVal() != null && p.getTargetPort().getIntVal() == management
                                || "management".equals(p.getTargetPort().getStrVal()) || p.getPort() == management);
            }
        }
        assertThat(problems).isEmpty();
    }

    /**
     * Each store a service is given must be addressed (the variables the launcher sets that name an address and
     * the app binds), no store it is not given may be, and every peer it is pointed at must be on that peer's port.
     */
    private static void check(List<String> problems, String where, String app, Map<String, String> env) {
        Component service = Component.service(app).orElseThrow();
        for (Component.Given given : Component.Given.values()) {
            Set<String> variables = addresses(given, service);
            if (service.given().contains(given)) {
                variables.stream().filter(v -> AppConfiguration.of(app).binds(v) && !env.containsKey(v))
                        .forEach(v -> problems.add(where + " is given " + given + " but lacks " + v));
            } else {
                variables.stream().filter(env::containsKey)
                        .forEach(v -> problems.add(where + " sets " + v + ", but the catalogue gives it no " + given));
            }
        }
        service.database().ifPresent(database -> env.forEach((variable, value) -> {
            if (variable.startsWith("PHOTOFEED_SHARDS_PHYSICAL_") && variable.endsWith("_URL") && !value.endsWith("/" + database)) {
                problems.add(where + ": " + variable + "=" + value + " is not database " + database);
            }
        }));
        for (Component peer : Component.services()) {
            String variable = ServiceProperties.environmentVariable("photofeed.upstream." + peer.id());
            for (String url : env.getOrDefault(variable, "").split(",")) {
                if (!url.isBlank() && URI.create(url.trim()).getPort() != peer.port().defaultPort()) {
                    problems.add(where + ": " + variable + "=" + url + " is not on " + peer.id() + "'s port " + peer.port().defaultPort());
                }
            }
        }
    }

    /** The variables of one kind of store that carry an address, as the launcher sets them. */
    private static Set<String> addresses(Component.Given given, Component service) {
        return ServiceProperties.given(given, service, LOCAL, DEFAULTS).entrySet().stream()
                .filter(e -> e.getValue().contains("localhost"))
                .map(e -> ServiceProperties.environmentVariable(e.getKey()))
                .collect(Collectors.toSet());
    }
}
