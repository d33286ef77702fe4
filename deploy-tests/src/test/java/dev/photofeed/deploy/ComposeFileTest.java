package dev.photofeed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** docker-compose.yml, .env and the Dockerfile checked against each other and against the apps. */
class ComposeFileTest {

    final ComposeFile compose = ComposeFile.load();

    @Test
    void dependsOnNamesServicesAndWaitsForTheirHealth() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> ComposeFile.dependsOn(service).forEach((dependency, condition) -> {
            Map<String, Object> target = compose.services().get(dependency);
            if (target == null) {
                problems.add(name + " depends on unknown service " + dependency);
            } else if (compose.oneShot(dependency)) {
                if (!condition.equals("service_completed_successfully")) {
                    problems.add(name + " must wait for one-shot " + dependency + " with service_completed_successfully");
                }
            } else if (!condition.equals("service_healthy")) {
                problems.add(name + " waits for " + dependency + " with " + condition + ", not service_healthy");
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void volumesAndNetworksResolve() {
        Set<String> namedVolumes = Repository.map(compose.root().get("volumes")).keySet();
        Set<String> networks = Repository.map(compose.root().get("networks")).keySet();
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            for (String[] volume : ComposeFile.volumes(service)) {
                String source = volume[0];
                if (source.startsWith(".") || source.startsWith("/")) {
                    if (!Files.exists(Repository.ROOT.resolve(source).normalize())) {
                        problems.add(name + " mounts missing " + source);
                    }
                } else if (!namedVolumes.contains(source)) {
                    problems.add(name + " mounts undeclared volume " + source);
                }
            }
            ComposeFile.networks(service).stream().filter(n -> !networks.contains(n))
                    .forEach(n -> problems.add(name + " joins undeclared network " + n));
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyServiceHasAHealthCheckAndLimits() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            Map<String, Object> health = Repository.map(service.get("healthcheck"));
            if (!compose.oneShot(name) && (Boolean.TRUE.equals(health.get("disable")) || Repository.list(health.get("test")).isEmpty())) {
                problems.add(name + " has no health check");
            }
            Map<String, Object> limits = Repository.map(Repository.at(service, "deploy.resources.limits"));
            if (limits.get("cpus") == null || limits.get("memory") == null) {
                problems.add(name + " lacks a CPU or memory limit");
            }
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void everyEnvironmentVariableIsBoundByTheAppOrTheImage() {
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> {
            Map<String, String> env = ComposeFile.environment(service);
            compose.app(name).ifPresentOrElse(app -> env.keySet().stream()
                            .filter(variable -> !AppConfiguration.of(app).binds(variable))
                            .forEach(variable -> problems.add(name + ": " + variable + " is bound by no property of " + app)),
                    () -> {
                        List<String> allowed = ImageVariables.of(String.valueOf(service.get("image")));
                        if (allowed == null) {
                            problems.add(name + ": unknown image " + service.get("image") + " (add the variables it reads to ImageVariables)");
                            return;
                        }
                        Set<String> scriptVariables = name.equals("k6") ? K6Scripts.environmentVariables() : Set.of();
                        env.keySet().stream()
                                .filter(v -> allowed.stream().noneMatch(v::startsWith) && !scriptVariables.contains(v))
                                .forEach(v -> problems.add(name + ": " + v + " is read by neither its image nor its scripts"));
                    });
        });
        assertThat(problems).isEmpty();
    }

    @Test
    void theAppsAreBuiltFromTheDockerfileWithReplicasOfGatewayAndFeed() {
        Map<String, Integer> replicas = new HashMap<>();
        compose.services().forEach((name, service) -> compose.app(name).ifPresent(app -> {
            replicas.merge(app, 1, Integer::sum);
            assertThat(service.get("image")).as(name).isEqualTo(Repository.image(app) + ":${PHOTOFEED_IMAGE_TAG}");
            assertThat(Repository.at(service, "build.args.MODULE")).as(name + " build arg MODULE").isEqualTo(app);
            assertThat(Repository.at(service, "build.context")).as(name + " build context").isEqualTo(".");
        }));
        assertThat(replicas.keySet()).containsExactlyInAnyOrderElementsOf(Repository.APPS);
        assertThat(replicas.get("gateway")).isGreaterThanOrEqualTo(2);
        assertThat(replicas.get("feed-service")).isGreaterThanOrEqualTo(2);
        assertThat(env().getProperty("PHOTOFEED_IMAGE_TAG")).as(".env image tag is the project version").isEqualTo(Repository.VERSION);
    }

    @Test
    void appHealthChecksAskReadinessOnTheAppsActuatorPort() {
        compose.services().forEach((name, service) -> compose.app(name).ifPresent(app -> {
            AppConfiguration config = AppConfiguration.of(app);
            String test = String.join(" ", Repository.list(Repository.at(service, "healthcheck.test")).stream().map(Object::toString).toList());
            assertThat(config.probesEnabled()).as(app + " enables the health probes").isTrue();
            assertThat(test).as(name).contains("http://127.0.0.1:" + config.managementPort() + "/actuator/health/readiness");
        }));
    }

    @Test
    void upstreamUrlsNameServicesOnTheirPorts() {
        Pattern url = Pattern.compile("https?://([a-z0-9-]+):(\\d+)");
        List<String> problems = new ArrayList<>();
        compose.services().forEach((name, service) -> ComposeFile.environment(service).forEach((variable, value) -> {
            Matcher m = url.matcher(value);
            while (m.find()) {
                String host = m.group(1);
                if (!compose.services().containsKey(host)) {
                    problems.add(name + ": " + variable + " points at unknown host " + host);
                } else if (compose.app(host).isPresent() && AppConfiguration.of(compose.app(host).get()).serverPort() != Integer.parseInt(m.group(2))) {
                    problems.add(name + ": " + variable + " uses the wrong port for " + host);
                }
            }
        }));
        assertThat(problems).isEmpty();
    }

    @Test
    void everyInterpolatedVariableIsSetInDotEnv() {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)[^}]*}").matcher(Repository.read(ComposeFile.FILE));
        Set<String> missing = new LinkedHashSet<>();
        Properties env = env();
        while (m.find()) {
            if (env.getProperty(m.group(1)) == null) {
                missing.add(m.group(1));
            }
        }
        assertThat(missing).as("used in docker-compose.yml, not set in .env").isEmpty();
    }

    @Test
    void theEdgeBalancesTheGatewaysAndOnlyItServesTheApi() {
        Map<String, Object> edge = compose.services().get("edge");
        assertThat(Repository.list(edge.get("ports"))).containsExactly("${PHOTOFEED_HTTP_PORT}:8080");
        assertThat(env().getProperty("PHOTOFEED_HTTP_PORT")).isEqualTo("8080");
        Matcher upstream = Pattern.compile("server ([a-z0-9-]+):(\\d+)").matcher(Repository.read(Repository.path("docker/edge/nginx.conf")));
        Set<String> balanced = new LinkedHashSet<>();
        while (upstream.find()) {
            assertThat(compose.app(upstream.group(1))).as(upstream.group(1)).contains("gateway");
            assertThat(Integer.parseInt(upstream.group(2))).isEqualTo(AppConfiguration.of("gateway").serverPort());
            balanced.add(upstream.group(1));
        }
        Set<String> gateways = new LinkedHashSet<>();
        compose.services().keySet().stream().filter(s -> compose.app(s).filter("gateway"::equals).isPresent()).forEach(gateways::add);
        assertThat(balanced).isEqualTo(gateways);
        compose.services().forEach((name, service) -> {
            if (compose.app(name).isPresent()) {
                assertThat(service.get("ports")).as(name + " publishes no port; the edge does").isNull();
            }
        });
    }

    @Test
    void theDockerfileBuildsAnyModuleLayeredNonRootWithTheAgent() {
        String dockerfile = Repository.read(Repository.path("Dockerfile"));
        assertThat(dockerfile)
                .contains("ARG MODULE")
                .contains("FROM eclipse-temurin:25-jdk AS build")
                .contains("FROM eclipse-temurin:25-jre")
                .contains("-Djarmode=tools")
                .contains("--layers")
                .contains("-javaagent:/otel/opentelemetry-javaagent.jar")
                .contains("io.opentelemetry.javaagent:opentelemetry-javaagent");
        List<String> ignored = Repository.read(Repository.path(".dockerignore")).lines()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> needed = new ArrayList<>(List.of("mvnw", ".mvn", "pom.xml"));
        needed.addAll(Repository.MODULES);
        assertThat(ignored).as(".dockerignore keeps what the build stage compiles").doesNotContainAnyElementsOf(needed);
        Matcher user = Pattern.compile("(?m)^USER (\\d+)").matcher(dockerfile);
        assertThat(user.find()).as("a numeric USER").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isPositive();
    }

    static Properties env() {
        Properties env = new Properties();
        try {
            env.load(new StringReader(Repository.read(Repository.path(".env"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return env;
    }
}
