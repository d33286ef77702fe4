package dev.photofeed.gateway.ratelimit;

import dev.photofeed.localstack.Component;
import dev.photofeed.gateway.StubUpstream;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.RedisServer;
import dev.photofeed.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's limiter on a real Redis of its own (so the test can stop and restart it), in front of a
 * stand-in upstream that answers 200: bursts past the policy get 429 with a Retry-After that is honest,
 * limits follow the user, and a Redis outage fails open and then heals.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "photofeed.rate-limit.policies.reads.rate=1", "photofeed.rate-limit.policies.reads.period=2s",
        "photofeed.rate-limit.policies.reads.burst=2",
        // this test is about the limiter's decisions; a busy test machine must not turn them into fail-opens
        "photofeed.rate-limit.redis-timeout=500ms",
        // the test itself, on 127.0.0.1, stands where Compose's edge or an ingress stands in front of the gateway
        "photofeed.edge.trusted-proxies=127.0.0.1",
        // bursts as in production, refilled too slowly for a slow test machine to earn a call back
        "photofeed.rate-limit.policies.auth.rate=1", "photofeed.rate-limit.policies.auth.period=10m",
        "photofeed.rate-limit.policies.auth.burst=5",
        "photofeed.rate-limit.policies.unverified.rate=1", "photofeed.rate-limit.policies.unverified.period=10m",
        "photofeed.rate-limit.policies.unverified.burst=40"})
@Import(TestTokens.Keys.class)
class RateLimitTest {

    private static final Path DIR = tempDir();
    private static final ProcessRegistry REGISTRY = new ProcessRegistry(DIR.resolve("run"));
    private static final int REDIS_PORT = Ports.free(0).of(Component.REDIS);
    private static final RedisServer REDIS = start(new RedisServer(REDIS_PORT, DIR.resolve("redis"), DIR.resolve("redis.log"), REGISTRY));
    private static final StubUpstream UPSTREAM = new StubUpstream();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    org.springframework.data.redis.core.ReactiveStringRedisTemplate redis;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void redisAndUpstream(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", () -> REDIS_PORT);
        String upstream = UPSTREAM.url();
        registry.add("photofeed.upstream.user-service", () -> upstream);
        registry.add("photofeed.upstream.media-service", () -> upstream);
        registry.add("photofeed.upstream.feed-service", () -> upstream);
    }

    @AfterAll
    static void stop() {
        REDIS.close();
        UPSTREAM.close();
    }

    @Test
    void aBurstPastThePolicyIsRefusedUntilRetryAfterHasPassed() throws Exception {
        String token = TestTokens.forUser(101);
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> allowed = get("/api/photos/1", token);
            assertThat(allowed.statusCode()).as("request %d of a burst of 3", i + 1).isEqualTo(200);
            assertThat(allowed.headers().firstValue("RateLimit-Policy")).hasValue("\"reads\";q=1;w=2");
            assertThat(allowed.headers().firstValue("RateLimit")).get().asString().startsWith("\"reads\";r=" + (2 - i) + ";t=");
        }
        HttpResponse<String> refused = get("/api/photos/1", token);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"type\":\"https://photofeed.dev/problems/rate-limited\"");
        long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);

        Thread.sleep(Duration.ofSeconds(retryAfter).toMillis());
        assertThat(get("/api/photos/1", token).statusCode()).as("after Retry-After").isEqualTo(200);
    }

    @Test
    void eachCallIsLimitedByTheClassItsRouteDeclares() throws Exception {
        String token = TestTokens.forUser(404);
        assertThat(policy("POST", "/api/auth/token", null)).as("log-in: the sign-in route's class").startsWith("\"auth\"");
        assertThat(policy("POST", "/api/users", null)).as("sign-up").startsWith("\"auth\"");
        assertThat(policy("POST", "/api/photos", token)).as("an upload").startsWith("\"uploads\"");
        assertThat(policy("PUT", "/api/users/me/following/7", token)).as("a follow: a route that declares no class").startsWith("\"writes\"");
        assertThat(policy("GET", "/api/users/7", null)).as("any GET").startsWith("\"reads\"");
    }

    private String policy(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.headers().firstValue("RateLimit-Policy").orElseThrow(() -> new AssertionError(
                method + " " + path + " answered " + response.statusCode() + " with no RateLimit-Policy"));
    }

    @Test
    void limitsFollowTheUserFromTheTokenNotTheAddress() throws Exception {
        String heavy = TestTokens.forUser(202);
        String light = TestTokens.forUser(303);
        int refused = 0;
        for (int i = 0; i < 6; i++) {
            refused += get("/api/photos/1", heavy).statusCode() == 429 ? 1 : 0;
        }
        assertThat(refused).isGreaterThanOrEqualTo(3);
        assertThat(get("/api/photos/1", light).statusCode()).as("another user on the same address").isEqualTo(200);
    }

    @Test
    void withRedisGoneRequestsKeepFlowingAndSharedLimitingResumesWhenItIsBack() throws Exception {
        String token = TestTokens.forUser(404);
        double failOpenBefore = meters.counter("photofeed.ratelimit.fail.open").count();
        REDIS.close();
        try {
            for (int i = 0; i < 10; i++) {
                int status = get("/api/photos/1", token).statusCode();
                assertThat(status).as("no request fails because Redis is down").isIn(200, 429);
            }
            assertThat(meters.counter("photofeed.ratelimit.fail.open").count()).isGreaterThanOrEqualTo(failOpenBefore + 10);
        } finally {
            REDIS.start();
        }
        String fresh = TestTokens.forUser(505);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            double failOpen = meters.counter("photofeed.ratelimit.fail.open").count();
            get("/api/photos/1", fresh);
            assertThat(meters.counter("photofeed.ratelimit.fail.open").count()).as("decisions are Redis's again").isEqualTo(failOpen);
        });
        assertThat(redis.hasKey("rl:{reads:user:505}").block()).as("the state lives in Redis again").isTrue();
    }

    /** Log-in and sign-up pass in bursts of 6 (burst 5, and one) per client: behind one proxy, clients must not share them. */
    @Test
    void behindATrustedProxyEachForwardedClientHasItsOwnBucket() throws Exception {
        for (int client = 1; client <= 50; client++) {
            for (int attempt = 1; attempt <= 6; attempt++) {
                assertThat(logIn(PROXY, "198.51.100.17, 192.0.2." + client).statusCode())
                        .as("client %d, log-in %d of its burst", client, attempt).isEqualTo(200);
            }
        }
        int refused = 0;
        for (int attempt = 1; attempt <= 9; attempt++) {
            refused += logIn(PROXY, "192.0.2.200").statusCode() == 429 ? 1 : 0;
        }
        assertThat(refused).as("one client over its policy").isEqualTo(3);
        assertThat(logIn(PROXY, "192.0.2.201").statusCode()).as("its neighbour").isEqualTo(200);
    }

    @Test
    void aForwardedForFromAPeerThatIsNoProxyIsIgnored() throws Exception {
        HttpClient notAProxy = HttpClient.newBuilder().localAddress(java.net.InetAddress.getByName("127.0.0.2")).build();
        int refused = 0;
        for (int attempt = 1; attempt <= 9; attempt++) {
            // a new address each time would be a new bucket each time, were the header believed
            refused += logIn(notAProxy, "192.0.2." + attempt).statusCode() == 429 ? 1 : 0;
        }
        assertThat(refused).as("limited as the one peer it is").isEqualTo(3);
    }

    /** A forged token costs an ES256 check; past its address's unverified policy a flood of them costs none. */
    @Test
    void aFloodOfForgedTokensIsLimitedByAddressBeforeTheirSignaturesAreChecked() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/photos/1"))
                    .header("X-Forwarded-For", "203.0.113.9")
                    .header("Authorization", "Bearer " + TestTokens.forged(10_000 + i)).build();
            statuses.add(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        }
        assertThat(statuses.subList(0, 41)).as("the unverified policy's burst: checked, and refused as forged").containsOnly(401);
        assertThat(statuses.subList(41, 60)).as("then refused before any check").containsOnly(429);
        assertThat(logIn(PROXY, "203.0.113.10").statusCode()).as("another address is not held up").isEqualTo(200);
    }

    private static final HttpClient PROXY = HttpClient.newHttpClient();

    private HttpResponse<String> logIn(HttpClient from, String forwardedFor) throws Exception {
        return from.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/auth/token"))
                .header("Content-Type", "application/json").header("X-Forwarded-For", forwardedFor)
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"u\",\"password\":\"p\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static RedisServer start(RedisServer redis) {
        try {
            redis.start();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("gateway-rate-limit-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
