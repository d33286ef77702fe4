package dev.photofeed.user;

import dev.photofeed.testsupport.Probes;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * user-service started with its second shard and Kafka unreachable (their addresses point at closed ports): it
 * starts, is ready, serves the users of the shard that answers, and answers the calls that need the dead shard
 * with a 503 and Retry-After, at once.
 */
@RealInfrastructure
class ShardDownTest {

    private static ConfigurableApplicationContext service;
    private static int port;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startWithAShardAndKafkaDown(TestStores stores) throws IOException {
        Map<String, String> properties = new LinkedHashMap<>(stores.serviceProperties());
        properties.put("server.port", "0");
        properties.put("photofeed.signing.key-dir", "target/test-keys/shard-down");
        properties.put("photofeed.shards.physical[1].url", "jdbc:postgresql://127.0.0.1:" + closedPort() + "/" + stores.database());
        properties.put("spring.kafka.bootstrap-servers", "127.0.0.1:" + closedPort());
        service = new SpringApplicationBuilder(UserServiceApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        port = ((WebServerApplicationContext) service).getWebServer().getPort();
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void itIsReadyAndItsHealthAndMetricsNameTheDeadShard() throws Exception {
        assertThat(Probes.readiness(port).statusCode()).isEqualTo(200);

        String health = Probes.health(port).body();
        assertThat(health).contains("\"shard-0\":{\"status\":\"UP\"", "\"shard-1\":{\"status\":\"DOWN\"");

        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics.lines().filter(l -> l.startsWith("photofeed_shard_up{")))
                .anyMatch(l -> l.contains("shard=\"shard-0\"") && l.endsWith(" 1.0"))
                .anyMatch(l -> l.contains("shard=\"shard-1\"") && l.endsWith(" 0.0"));
    }

    @Test
    void callsOnTheLiveShardAreServedAndCallsOnTheDeadOneAre503WithRetryAfter() throws Exception {
        List<String> created = new ArrayList<>();
        int unavailable = 0;
        for (int i = 0; i < 30 && (created.isEmpty() || unavailable == 0); i++) {
            long started = System.nanoTime();
            HttpResponse<String> signUp = post("/api/users", "{\"username\":\"" + Api.newUsername("half")
                    + "\",\"password\":\"correct horse battery\",\"displayName\":\"Half\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no hang").isLessThan(Duration.ofSeconds(3));
            assertThat(signUp.statusCode()).as(signUp.body()).isIn(201, 503);
            if (signUp.statusCode() == 201) {
                created.add(signUp.body().replaceAll(".*\"id\":\"(\\d+)\".*", "$1"));
            } else {
                unavailable++;
                assertThat(signUp.headers().firstValue("Retry-After")).isPresent();
                assertThat(signUp.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(signUp.body()).contains("service-unavailable");
            }
        }
        assertThat(created).as("sign-ups whose shards answer").isNotEmpty();
        assertThat(unavailable).as("sign-ups that need the dead shard").isPositive();

        HttpResponse<String> profile = get("/api/users/" + created.getFirst());
        assertThat(profile.statusCode()).as(profile.body()).isEqualTo(200);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
