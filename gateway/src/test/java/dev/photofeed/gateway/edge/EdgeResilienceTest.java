package dev.photofeed.gateway.edge;

import dev.photofeed.localstack.Component;
import dev.photofeed.gateway.StubUpstream;
import dev.photofeed.localstack.Ports;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.AfterAll;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A slow or absent service is a quick 503 with Retry-After, and so is a call past the route's bulkhead; a response
 * that stalls midway is cut off at the call's deadline; oversized
 * uploads stop at the edge; JSON is gzipped.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.edge.timeout=500ms", "photofeed.edge.max-concurrent-calls=2"})
class EdgeResilienceTest {

    private static final StubUpstream UPSTREAM = new StubUpstream();

    @LocalServerPort
    int port;

    @Autowired
    ReactiveResilience4JCircuitBreakerFactory breakerFactory;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("photofeed.upstream.user-service", UPSTREAM::url);
        registry.add("photofeed.upstream.media-service", UPSTREAM::url);
        // nothing listens there: feed-service is "down"
        registry.add("photofeed.upstream.feed-service", () -> "http://localhost:" + Ports.free(0).of(Component.REDIS));
    }

    @AfterAll
    static void stop() {
        UPSTREAM.close();
    }

    @Test
    void aServiceThatDoesNotAnswerInTimeIsA503WithRetryAfter() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = get("/api/photos/slow", null);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).contains("\"type\":\"https://photofeed.dev/problems/service-unavailable\"", "in time");
        assertThat(tookMillis).as("the time limit, not the service, decides").isLessThan(2_500);
    }

    @Test
    void aResponseThatStallsAfterItsHeadersIsCutOffAtTheCallsDeadline() {
        long started = System.nanoTime();
        Throwable outcome = catchThrowable(() -> get("/api/photos/stalled", null));
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(outcome).as("the half-sent body is not passed off as whole").isInstanceOf(IOException.class);
        assertThat(tookMillis).as("twice the 500 ms time limit, not the service's 3 s stall").isLessThan(2_500);
    }

    @Test
    void callsPastTheRoutesBulkheadAreRefusedAtOnce() {
        // six slow calls at once on a route that takes two: the others cannot wait for a place
        List<HttpResponse<String>> responses = IntStream.range(0, 6)
                .mapToObj(i -> http.sendAsync(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/photos/slow")).build(),
                        HttpResponse.BodyHandlers.ofString()))
                .toList().stream().map(CompletableFuture::join).toList();
        assertThat(responses).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(503));
        assertThat(responses).filteredOn(r -> r.body().contains("in flight")).isNotEmpty();
        assertThat(responses).allSatisfy(r -> assertThat(r.headers().firstValue("Retry-After")).isPresent());
    }

    @Test
    void aRoutesBreakerIsTheRegistrysWithTheSettingsTheYamlDeclares() throws Exception {
        get("/api/users/7", null); // the users route's breaker is made on its first call
        assertThat(breakerFactory.getCircuitBreakerRegistry()).as("one registry for every breaker").isSameAs(breakers);
        CircuitBreakerConfig config = breakers.find("users").orElseThrow().getCircuitBreakerConfig();
        assertThat(config.getSlidingWindowSize()).isEqualTo(50);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(20);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(5_000L);
        assertThat(config.getSlowCallDurationThreshold()).as("photofeed.edge.timeout").isEqualTo(Duration.ofMillis(500));
        assertThat(breakers.find("rate-limit-redis")).as("the limiter's, in the same registry").isPresent();
    }

    @Test
    void aServiceThatIsDownIsA503() throws Exception {
        HttpResponse<String> response = get("/api/feed", null);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
    }

    @Test
    void anUploadDeclaredTooLargeIsRefusedBeforeItIsStreamed() throws IOException {
        assertThat(uploadHead("Content-Length: 50000000")).startsWith("HTTP/1.1 413").contains("content-too-large");
        assertThat(UPSTREAM.paths()).doesNotContain("/api/photos");
    }

    @Test
    void anUploadWithoutALengthIsRefusedBeforeItIsStreamed() throws IOException {
        assertThat(uploadHead("Transfer-Encoding: chunked")).startsWith("HTTP/1.1 411").contains("length-required");
        assertThat(UPSTREAM.paths()).doesNotContain("/api/photos");
    }

    /** Sends only an upload's head, with {@code framing} as its length header, and reads the start of the answer. */
    private String uploadHead(String framing) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/photos HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + framing + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readNBytes(400), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void jsonIsCompressedForClientsThatAcceptIt() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/photos/big"))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.body().length).isLessThan(1_000);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
