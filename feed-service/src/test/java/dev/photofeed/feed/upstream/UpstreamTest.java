package dev.photofeed.feed.upstream;

import dev.photofeed.testsupport.ServiceConfiguration;

import com.sun.net.httpserver.HttpServer;
import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The call policy, against a peer that misbehaves on demand (a plain HTTP server: what is under test is our
 * client, not the peer): 5xx and timeouts are retried, 4xx are not, and a peer that keeps failing is not
 * called at all until its breaker lets a probe through.
 */
class UpstreamTest {

    private HttpServer server;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 200;
    private volatile long delayMillis;
    private Upstream upstream;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        upstream = upstream(Duration.ofSeconds(5));
    }

    private Upstream upstream(Duration timeout) {
        return upstream(timeout, List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
    }

    private Upstream upstream(Duration timeout, List<URI> instances) {
        // the service's settings, with a shorter back-off and a longer open state for the test
        Binder binder = ServiceConfiguration.binder(Map.of(
                "resilience4j.retry.configs.upstream.wait-duration", "10ms",
                "resilience4j.circuitbreaker.configs.upstream.wait-duration-in-open-state", "30s"));
        return new Upstream("peer", instances, HttpClient.newHttpClient(), JsonMapper.builder().build(), timeout,
                ResilienceAutoConfiguration.circuitBreakers(binder), ResilienceAutoConfiguration.retries(binder));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void answersAreParsed() {
        assertThat(upstream.get("/x").path("ok").asBoolean()).isTrue();
        assertThat(calls).hasValue(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoff_refusalsAreNot() {
        status = 503;
        assertThatThrownBy(() -> upstream.get("/x")).isInstanceOf(Upstream.Unavailable.class);
        assertThat(calls).as("three attempts").hasValue(3);

        calls.set(0);
        status = 404;
        assertThatThrownBy(() -> upstream.get("/x")).isInstanceOf(Upstream.Refused.class);
        assertThat(calls).as("a 4xx is final").hasValue(1);
    }

    @Test
    void aRetryGoesToTheNextInstance() throws IOException {
        HttpServer down = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger downCalls = new AtomicInteger();
        down.createContext("/", exchange -> {
            downCalls.incrementAndGet();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        down.start();
        try {
            Upstream two = upstream(Duration.ofSeconds(5), List.of(
                    URI.create("http://127.0.0.1:" + down.getAddress().getPort()),
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort())));
            for (int i = 0; i < 4; i++) {
                assertThat(two.get("/x").path("ok").asBoolean()).as("call " + i).isTrue();
            }
            // the turns alternate, so each call's first attempt meets the failing one and its retry the other
            assertThat(downCalls).as("first attempts").hasValue(4);
            assertThat(calls).as("retries, each answered").hasValue(4);
        } finally {
            down.stop(0);
        }
    }

    @Test
    void aPeerWithNoInstanceIsRefusedAtStart() {
        assertThatThrownBy(() -> upstream(Duration.ofSeconds(1), List.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("photofeed.upstream.peer");
    }

    @Test
    void aSlowPeerTimesOut() {
        Upstream impatient = upstream(Duration.ofMillis(300));
        delayMillis = 1000;
        long start = System.nanoTime();
        assertThatThrownBy(() -> impatient.get("/x")).isInstanceOf(Upstream.Unavailable.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("three attempts cut short")
                .isLessThan(Duration.ofMillis(2900));
    }

    @Test
    void aPeerThatKeepsFailingIsLeftAloneOnceItsBreakerOpens() {
        status = 500;
        for (int i = 0; i < 4; i++) { // 4 calls x 3 attempts: past the 10-call minimum at 100% failures
            assertThatThrownBy(() -> upstream.get("/x")).isInstanceOf(RuntimeException.class);
        }
        int before = calls.get();
        assertThatThrownBy(() -> upstream.get("/x")).isInstanceOf(CallNotPermittedException.class);
        assertThat(calls).as("not called while open").hasValue(before);
    }
}
