package dev.photofeed.common.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.photofeed.testsupport.TestTokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A key withdrawn from user-service's set stops verifying everywhere within the refresh bound, for a token in the
 * verified-token cache as for one never seen; tokens naming unknown keys cost one fetch. Against a plain HTTP
 * server publishing a key set the test changes, as {@link JwksOutageTest} does.
 */
class KeyWithdrawalTest {

    private static final Duration SHORT_REFRESH = Duration.ofMillis(500);
    private final ECKey next = generate("next-key");
    private final AtomicReference<JWKSet> published = new AtomicReference<>(
            new JWKSet(List.<JWK>of(next.toPublicJWK(), TestTokens.KEY.toPublicJWK())));
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;
    private URL url;
    private RemoteKeySet keys;

    @BeforeEach
    void publish() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] jwks = published.get().toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/internal/jwks.json").toURL();
    }

    @AfterEach
    void stop() {
        if (keys != null) {
            keys.close();
        }
        server.stop(0);
    }

    @Test
    void aWithdrawnKeyStopsVerifyingWithinTheRefreshCachedOrNot() {
        keys = new RemoteKeySet(url, settings(SHORT_REFRESH), InstantSource.system(),
                task -> Thread.ofVirtual().start(task)).keepFresh();
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100);
        String cached = TestTokens.forUser(42);
        String unseen = TestTokens.forUser(43);
        String ofTheKeptKey = sign(next, 44);
        assertThat(verifier.userId(cached)).hasValue(42);
        assertThat(verifier.knownUserId(cached)).as("in the verified-token cache").hasValue(42);

        published.set(new JWKSet(next.toPublicJWK())); // test-key withdrawn
        Instant withdrawn = Instant.now();
        // no call meanwhile: the timer alone refreshes the set and empties the cache of the key's tokens
        await().atMost(SHORT_REFRESH.multipliedBy(2).plusSeconds(1)).pollInterval(Duration.ofMillis(20))
                .until(() -> verifier.knownUserId(cached).isEmpty());
        assertThat(Duration.between(withdrawn, Instant.now())).isLessThan(SHORT_REFRESH.multipliedBy(2).plusSeconds(1));

        assertThat(verifier.userId(cached)).as("the cached token").isEmpty();
        assertThat(verifier.userId(unseen)).as("a token of the key never seen before").isEmpty();
        assertThat(verifier.userId(ofTheKeptKey)).as("the key still published").hasValue(44);
    }

    @Test
    void aTokenCheckedAsItsKeyIsWithdrawnIsNotRememberedPastTheRefresh() {
        var now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        keys = new RemoteKeySet(url, settings(SHORT_REFRESH), now::get, Runnable::run);
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100);
        assertThat(verifier.userId(sign(next, 1))).hasValue(1); // the first fetch

        published.set(new JWKSet(next.toPublicJWK()));
        now.updateAndGet(t -> t.plus(SHORT_REFRESH));
        // this call still verifies with the set in hand while the due refresh runs, then its token is forgotten
        String token = TestTokens.forUser(45);
        assertThat(verifier.userId(token)).hasValue(45);
        assertThat(verifier.knownUserId(token)).as("its key left the set the refresh brought").isEmpty();
        assertThat(verifier.userId(token)).isEmpty();
    }

    @Test
    void aFloodOfUnknownKeyIdsMakesOneFetch() throws Exception {
        var now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        JwksProperties defaults = new Binder().bindOrCreate("photofeed.auth.jwks", JwksProperties.class);
        keys = new RemoteKeySet(url, defaults, now::get, Runnable::run);
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100);
        assertThat(verifier.userId(TestTokens.forUser(1))).hasValue(1);
        now.updateAndGet(t -> t.plus(RemoteKeySet.MIN_INTERVAL));

        int callers = 8;
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(callers)) {
            List<Future<List<OptionalLong>>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                List<String> junk = new ArrayList<>();
                for (int call = 0; call < 10; call++) {
                    junk.add(sign(generate("junk-" + i + "-" + call), 2));
                }
                answers.add(pool.submit(() -> {
                    start.await();
                    return junk.stream().map(verifier::userId).toList();
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).allSatisfy(user -> assertThat(user).isEmpty());
            }
        }
        assertThat(fetches).as("the first fetch and one for all 80 unknown keys").hasValue(2);
    }

    @Test
    void theDefaultRefreshKeepsAWithdrawalUnderAMinute() {
        JwksProperties defaults = new Binder().bindOrCreate("photofeed.auth.jwks", JwksProperties.class);
        Duration worstFetch = Duration.ofSeconds(2); // connect and read limits
        assertThat(defaults.refreshEvery().plus(RemoteKeySet.MAX_TICK).plus(worstFetch)).isLessThan(Duration.ofMinutes(1));
    }

    private static JwksProperties settings(Duration refreshEvery) {
        return new JwksProperties(refreshEvery, Duration.ofHours(1));
    }

    private static String sign(ECKey key, long userId) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer("photofeed").audience(TestTokens.AUDIENCE).subject(Long.toString(userId))
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
