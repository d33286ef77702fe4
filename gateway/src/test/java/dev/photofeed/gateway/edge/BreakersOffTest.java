package dev.photofeed.gateway.edge;

import dev.photofeed.gateway.StubbedUpstreams;
import dev.photofeed.testsupport.RealInfrastructure;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** With the breakers switched off, the time limit no longer cuts a slow call short: the caller waits it out. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.edge.timeout=500ms", "photofeed.edge.breakers.enabled=false"})
class BreakersOffTest extends StubbedUpstreams {

    @LocalServerPort
    int port;

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory breakerFactory;

    @Test
    void aSlowCallIsWaitedForInsteadOfAnsweredWith503() throws Exception {
        long started = System.nanoTime();
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/photos/slow")).build(),
                HttpResponse.BodyHandlers.discarding());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tookMillis).as("the stand-in takes 3 s; the switched-off limit of 500 ms did not apply").isGreaterThanOrEqualTo(2_900);
    }

    @Test
    void aRoutesBreakerNeverOpensAndItsTimeLimitIsNoLimit() {
        assertThat(breakerFactory.create("probe").run(Mono.just(1), null).block()).isEqualTo(1);
        CircuitBreakerConfig config = breakerFactory.getCircuitBreakerRegistry().find("probe").orElseThrow().getCircuitBreakerConfig();
        assertThat(config.getMinimumNumberOfCalls()).as("never enough calls to open").isEqualTo(Integer.MAX_VALUE);
        assertThat(breakerFactory.getTimeLimiterRegistry().find("probe").orElseThrow().getTimeLimiterConfig().getTimeoutDuration())
                .isEqualTo(Duration.ofDays(1));
    }
}
