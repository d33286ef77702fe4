package dev.photofeed.systemtests;

import dev.photofeed.localstack.Component;
import dev.photofeed.testsupport.PublicApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every metric name the Grafana dashboards' queries use is one the running services expose at
 * {@code /actuator/prometheus}, after the traffic that creates them: a renamed meter breaks this test, not a
 * dashboard in silence.
 */
class DashboardMetricsTest {

    private static final Path DASHBOARDS = Path.of("../docker/grafana/dashboards");
    private static final Pattern SERIES = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]", Pattern.MULTILINE);

    private static RunningStack stack;
    private static PublicApi client;

    @BeforeAll
    static void trafficThatCreatesEveryMeter() {
        stack = RunningStack.get();
        client = PublicApi.throughGateway(stack.gateway());
        PublicApi.User poster = client.newUser("metrics_poster");
        PublicApi.User reader = client.newUser("metrics_reader");
        client.follow(reader, poster);
        client.upload(poster, "a photo", Map.of()).expect(201);
        client.get("/api/users/" + poster.id(), null).expect(200);
        client.get("/api/users/" + poster.id() + "/photos", null).expect(200);
        // the fan-out has run once the post is in the reader's feed (which also records the fan-out delay)
        await("the post reached the reader's feed").atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> !client.get("/api/feed", reader).json().path("items").isEmpty());
    }

    @Test
    void everyMetricADashboardQueriesIsExposed() throws IOException {
        Map<String, Set<String>> used = metricsUsedByDashboards();
        assertThat(used).as("metric names found in the dashboards").hasSizeGreaterThan(20);

        Set<String> exposed = new TreeSet<>();
        stack.actuators().forEach((service, port) -> {
            PublicApi.Answer scrape = client.poll("http://127.0.0.1:" + port + "/actuator/prometheus",
                    Duration.ofSeconds(5), r -> r.status() == 200);
            Matcher series = SERIES.matcher(scrape.text());
            while (series.find()) {
                exposed.add(series.group(1));
            }
        });

        Map<String, Set<String>> missing = new TreeMap<>(used);
        missing.keySet().removeAll(exposed);
        assertThat(missing).as("metrics the dashboards query (with the dashboards using them) that no service exposes").isEmpty();
    }

    @Test
    void everyServiceCarriesItsApplicationLabel() {
        stack.actuators().forEach((service, port) -> {
            String body = client.poll("http://127.0.0.1:" + port + "/actuator/prometheus",
                    Duration.ofSeconds(5), r -> r.status() == 200).text();
            assertThat(body).as(service).contains("application=\"" + service + "\"");
        });
    }

    @Test
    void latencyBucketsCarryTraceIdsAsExemplars() {
        // exemplars travel only in the OpenMetrics format, which Prometheus asks for when exemplar storage is on
        String body = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                        "http://127.0.0.1:" + stack.ports.of(Component.MEDIA_SERVICE) + "/actuator/prometheus"))
                .header("Accept", "application/openmetrics-text; version=1.0.0").GET()).text();
        assertThat(body.lines().filter(l -> l.startsWith("http_server_requests_seconds_bucket")
                && l.matches(".*# \\{.*trace_id=\"[0-9a-f]{32}\".*")))
                .as("media-service's request histogram buckets with a trace_id exemplar").isNotEmpty();
    }

    /** Metric name → the dashboards whose queries use it. */
    private static Map<String, Set<String>> metricsUsedByDashboards() throws IOException {
        Map<String, Set<String>> used = new TreeMap<>();
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                JsonNode dashboard = PublicApi.JSON.readTree(file.toFile());
                for (JsonNode expr : dashboard.findValues("expr")) {
                    for (String metric : PromQl.metricNames(expr.asString())) {
                        used.computeIfAbsent(metric, m -> new TreeSet<>()).add(file.getFileName().toString());
                    }
                }
            }
        }
        return used;
    }
}
