package dev.photofeed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** What Compose mounts for Grafana, Prometheus and k6 refers only to things that exist. */
class ObservabilityAndLoadFilesTest {

    static final Path GRAFANA = Repository.path("docker/grafana");
    /** Grafana's built-in pseudo data sources, never provisioned. */
    static final Set<String> BUILT_IN = Set.of("grafana", "-- Grafana --", "-- Mixed --", "-- Dashboard --", "__expr__");

    final ComposeFile compose = ComposeFile.load();

    @Test
    void everyDashboardUsesAProvisionedDataSource() throws Exception {
        Set<String> provisioned = new LinkedHashSet<>();
        for (Path file : Repository.files(GRAFANA.resolve("provisioning/datasources"), ".yml", ".yaml")) {
            for (Object source : Repository.list(Repository.yamlMap(file).get("datasources"))) {
                Map<String, Object> s = Repository.map(source);
                provisioned.add(String.valueOf(s.get("uid")));
                provisioned.add(String.valueOf(s.get("name")));
            }
        }
        List<Path> dashboards = Repository.files(GRAFANA.resolve("dashboards"), ".json");
        assertThat(dashboards).as("dashboards under docker/grafana/dashboards").isNotEmpty();
        List<String> problems = new ArrayList<>();
        // data sources link to one another too (exemplars to traces)
        for (Path file : Repository.files(GRAFANA.resolve("provisioning/datasources"), ".yml", ".yaml")) {
            Matcher link = Pattern.compile("datasourceUid:\\s*['\"]?([\\w-]+)").matcher(Repository.read(file));
            while (link.find()) {
                if (!provisioned.contains(link.group(1))) {
                    problems.add(file.getFileName() + " links to data source " + link.group(1) + ", which is not provisioned");
                }
            }
        }
        ObjectMapper json = new ObjectMapper();
        for (Path dashboard : dashboards) {
            for (String uid : dataSources(json.readTree(dashboard.toFile()), new LinkedHashSet<>())) {
                if (!provisioned.contains(uid) && !BUILT_IN.contains(uid) && !uid.startsWith("$")) {
                    problems.add(dashboard.getFileName() + " uses data source " + uid + ", which is not provisioned");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void dashboardProvidersReadTheFolderComposeMounts() {
        Map<String, Object> grafana = compose.services().get("grafana");
        Path dashboards = Repository.ROOT.resolve("docker/grafana/dashboards").normalize();
        String mountedAt = ComposeFile.volumes(grafana).stream()
                .filter(v -> Repository.ROOT.resolve(v[0]).normalize().equals(dashboards))
                .map(v -> v[1]).findFirst().orElseThrow(() -> new AssertionError("grafana does not mount docker/grafana/dashboards"));
        List<Path> providers = Repository.files(GRAFANA.resolve("provisioning/dashboards"), ".yml", ".yaml");
        assertThat(providers).as("dashboard providers").isNotEmpty();
        for (Path provider : providers) {
            for (Object p : Repository.list(Repository.yamlMap(provider).get("providers"))) {
                String path = String.valueOf(Repository.at(p, "options.path"));
                assertThat(path).as(provider.getFileName() + " provider path").startsWith(mountedAt);
            }
        }
    }

    @Test
    void prometheusScrapesServicesComposeRuns() {
        Path file = Repository.path("docker/prometheus/prometheus.yml");
        assertThat(file).as("the scrape config Compose mounts").isRegularFile();
        Map<String, Object> config = Repository.yamlMap(file);
        List<String> problems = new ArrayList<>();
        for (Object job : Repository.list(config.get("scrape_configs"))) {
            for (Object statics : Repository.list(Repository.map(job).get("static_configs"))) {
                for (Object target : Repository.list(Repository.map(statics).get("targets"))) {
                    String host = target.toString().split(":")[0];
                    if (!host.equals("localhost") && !compose.services().containsKey(host)) {
                        problems.add(Repository.map(job).get("job_name") + " scrapes " + target + ", no such Compose service");
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void k6ScriptsExistAndFindEverythingTheyRead() {
        Map<String, Object> k6 = compose.services().get("k6");
        assertThat(Repository.list(k6.get("profiles"))).containsExactly("load");
        assertThat(K6Scripts.scripts()).as("k6 scripts in " + K6Scripts.DIRECTORY).isNotEmpty();
        assertThat(K6Scripts.DIRECTORY.resolve(ComposeFileTest.env().getProperty("K6_SCRIPT") + ".js"))
                .as(".env K6_SCRIPT").isRegularFile();
        Set<String> given = ComposeFile.environment(k6).keySet();
        List<String> problems = new ArrayList<>();
        for (Path script : K6Scripts.scripts()) {
            K6Scripts.requiredVariables(script).stream().filter(v -> !given.contains(v))
                    .forEach(v -> problems.add(script.getFileName() + " reads __ENV." + v + " with no default, and Compose does not set it"));
            K6Scripts.referencedFiles(script).stream().filter(f -> !Files.isRegularFile(f))
                    .forEach(f -> problems.add(script.getFileName() + " opens missing " + Repository.ROOT.relativize(f)));
        }
        assertThat(problems).isEmpty();
    }

    /** Every "datasource" in a dashboard: a uid string, or an object's uid. */
    private static Set<String> dataSources(JsonNode node, Set<String> found) {
        if (node.isObject()) {
            JsonNode ds = node.get("datasource");
            if (ds != null && ds.isTextual()) {
                found.add(ds.asText());
            } else if (ds != null && ds.hasNonNull("uid")) {
                found.add(ds.get("uid").asText());
            }
            node.properties().forEach(e -> dataSources(e.getValue(), found));
        } else if (node.isArray()) {
            node.forEach(child -> dataSources(child, found));
        }
        return found;
    }
}
