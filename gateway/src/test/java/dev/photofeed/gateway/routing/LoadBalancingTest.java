package dev.photofeed.gateway.routing;

import dev.photofeed.gateway.StubUpstream;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls are spread over every instance of a service, keep succeeding when one instance goes away, and still
 * reach a service whose every instance fails its health check (the panic threshold).
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LoadBalancingTest {

    private static final StubUpstream OTHERS = new StubUpstream();
    private static final StubUpstream FEED_A = new StubUpstream();
    private static final StubUpstream FEED_B = new StubUpstream();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("photofeed.upstream.user-service", OTHERS::url);
        registry.add("photofeed.upstream.media-service", OTHERS::url);
        registry.add("photofeed.upstream.feed-service", () -> FEED_A.url() + "," + FEED_B.url());
        // checks every 2 s, so the test need not wait out the default's 5 s
        registry.add("spring.cloud.loadbalancer.health-check.interval", () -> "2s");
        // media-service's readiness answers after 3 s: each check outlives its 2 s time-out, as on a saturated box
        registry.add("spring.cloud.loadbalancer.health-check.path.media-service", () -> "/actuator/health/slow");
    }

    @AfterAll
    static void stop() {
        OTHERS.close();
        FEED_A.close();
        FEED_B.close();
    }

    @Test
    void roundRobinOverInstancesAndPastOneThatStopped() throws Exception {
        assertThat(statuses(20)).containsOnly(200);
        long onA = feedCalls(FEED_A);
        long onB = feedCalls(FEED_B);
        assertThat(onA + onB).isEqualTo(20);
        assertThat(onA).as("round-robin, not one instance taking all").isBetween(8L, 12L);

        FEED_B.close();
        assertThat(statuses(20)).as("a GET that meets the stopped instance is tried on the other").containsOnly(200);
        assertThat(feedCalls(FEED_A)).isEqualTo(onA + 20);

        Thread.sleep(3_000); // past a health-check interval: the stopped instance is no longer chosen at all
        assertThat(statuses(10)).containsOnly(200);
        assertThat(feedCalls(FEED_A)).isEqualTo(onA + 30);
    }

    @Test
    void aServiceWhoseEveryInstanceFailsItsCheckIsStillCalled() throws Exception {
        Thread.sleep(5_000); // past the first checks, all timed out
        assertThat(statuses("/api/photos/1", 5)).containsOnly(200);
        assertThat(OTHERS.paths()).contains("/api/photos/1");
    }

    private List<Integer> statuses(int calls) throws Exception {
        return statuses("/api/feed", calls);
    }

    private List<Integer> statuses(String path, int calls) throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build();
            statuses.add(http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        return statuses;
    }

    private static long feedCalls(StubUpstream instance) {
        return instance.paths().stream().filter("/api/feed"::equals).count();
    }
}
