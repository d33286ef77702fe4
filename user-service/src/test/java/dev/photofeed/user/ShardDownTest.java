package dev.photofeed.user;

import dev.photofeed.testsupport.Probes;
import dev.photofeed.testsupport.PublicApi;
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
    private static PublicApi api;

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
        api = PublicApi.toService("http://127.0.0.1:" + port);
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

        String metrics = api.get("/actuator/prometheus").text();
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
            PublicApi.Answer signUp = api.postJson("/api/users", "{\"username\":\"" + PublicApi.uniqueName("half")
                    + "\",\"password\":\"correct horse battery\",\"displayName\":\"Half\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no hang").isLessThan(Duration.ofSeconds(3));
            assertThat(signUp.status()).as(signUp.text()).isIn(201, 503);
            if (signUp.status() == 201) {
                created.add(signUp.text().replaceAll(".*\"id\":\"(\\d+)\".*", "$1"));
            } else {
                unavailable++;
                assertThat(signUp.headers().firstValue("Retry-After")).isPresent();
                assertThat(signUp.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(signUp.text()).contains("service-unavailable");
            }
        }
        assertThat(created).as("sign-ups whose shards answer").isNotEmpty();
        assertThat(unavailable).as("sign-ups that need the dead shard").isPositive();

        PublicApi.Answer profile = api.get("/api/users/" + created.getFirst());
        assertThat(profile.status()).as(profile.text()).isEqualTo(200);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort(); // closed again: nothing listens there
        }
    }
}
