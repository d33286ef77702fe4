package dev.photofeed.loadtests.seed;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the bench's set-up does when the gateway says "later": a stand-in gateway answers 503 (as its time
 * limiter does while a just-started service is slow) before it answers properly.
 */
class ApiRetryTest {

    private HttpServer gateway;
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int unavailableFor;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        gateway.createContext("/", exchange -> {
            boolean unavailable = calls.incrementAndGet() <= unavailableFor;
            byte[] body = (unavailable ? "{\"title\":\"Service Unavailable\"}" : "{\"items\":[],\"id\":7}").getBytes(StandardCharsets.UTF_8);
            if (unavailable) {
                exchange.getResponseHeaders().set("Retry-After", "0");
            }
            exchange.sendResponseHeaders(unavailable ? 503 : exchange.getRequestMethod().equals("POST") ? 201 : 200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    private Api api() {
        URI uri = URI.create("http://localhost:" + gateway.getAddress().getPort());
        return new Api(uri, uri, uri);
    }

    @Test
    void aReadIsRetriedWhileTheGatewaySaysUnavailable() {
        unavailableFor = 3;
        assertThat(api().feed(new Api.Token("t", 1), 20).path("items").isArray()).isTrue();
        assertThat(calls).hasValue(4);
    }

    @Test
    void aPostIsNotRepeatedAfterA503BecauseItMayHaveBeenApplied() {
        unavailableFor = 1;
        assertThatThrownBy(() -> api().post(new Api.Token("t", 1), new byte[]{1}, "x")).hasMessageContaining("HTTP 503");
        assertThat(calls).hasValue(1);
    }

    @Test
    void aReadThatStaysUnavailableFailsAfterTheBackoffsAttempts() {
        unavailableFor = Integer.MAX_VALUE;
        assertThatThrownBy(() -> api().feed(new Api.Token("t", 1), 20)).hasMessageContaining("HTTP 503");
        assertThat(calls).hasValue(Backoff.ATTEMPTS + 1);
    }
}
