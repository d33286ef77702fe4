package dev.photofeed.common.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The remote key set through a user-service outage, against a plain HTTP server publishing the keys (the JWKS
 * endpoint is our own peer: what is under test is how the verifiers keep its answer) and a clock the test moves.
 * Background refreshes run on the calling thread, so each step is deterministic.
 */
class JwksOutageTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    /** user-service still starting: its key set answers 503. */
    private final AtomicBoolean starting = new AtomicBoolean();
    /** How long the key set takes to answer. */
    private final AtomicReference<Duration> slowAnswer = new AtomicReference<>(Duration.ZERO);
    /** Nothing set: the defaults, bound as a service binds them. */
    private final JwksProperties defaults = new Binder().bindOrCreate("photofeed.auth.jwks", JwksProperties.class);
    private HttpServer server;
    private TokenVerifier verifier;

    @BeforeEach
    void publish() throws Exception {
        byte[] jwks = new JWKSet(TestTokens.KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/internal/jwks.json", exchange -> {
            fetches.incrementAndGet();
            sleep(slowAnswer.get());
            if (starting.get()) {
                exchange.sendResponseHeaders(503, -1);
                exchange.close();
                return;
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        var url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/internal/jwks.json").toURL();
        verifier = new TokenVerifier(new RemoteKeySet(url, defaults, now::get, Runnable::run), "photofeed", TestTokens.AUDIENCE, 0);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void validTokensKeepPassingForTenMinutesAndMoreAfterUserServiceStops() {
        String token = TestTokens.forUser(42);
        assertThat(verifier.userId(token)).hasValue(42);

        server.stop(0); // user-service goes away
        for (int minute = 1; minute <= 15; minute++) {
            advance(Duration.ofMinutes(1));
            assertThat(verifier.userId(token)).as("%d min into the outage", minute).hasValue(42);
        }
        assertThat(verifier.userId(TestTokens.forged(42))).as("a forgery still fails").isEmpty();

        advance(defaults.outageTolerance()); // past its refresh time and the whole tolerance
        assertThatThrownBy(() -> verifier.userId(token)).isInstanceOf(TokenVerifier.KeysUnavailable.class);
    }

    @Test
    void aFirstFetchThatFailedIsTriedAgainASecondLaterNotTen() {
        String token = TestTokens.forUser(3);
        starting.set(true);
        assertThatThrownBy(() -> verifier.userId(token)).isInstanceOf(TokenVerifier.KeysUnavailable.class);

        starting.set(false); // user-service is up
        advance(RemoteKeySet.FIRST_INTERVAL);
        assertThat(verifier.userId(token)).hasValue(3);
    }

    @Test
    void callsArrivingTogetherOnAColdVerifierAllWaitForTheOneFetch() throws Exception {
        slowAnswer.set(Duration.ofMillis(300));
        String token = TestTokens.forUser(5);
        int callers = 8;
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(callers)) {
            List<Future<OptionalLong>> answers = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return verifier.userId(token);
                }));
            }
            start.countDown();
            for (var answer : answers) {
                assertThat(answer.get(10, TimeUnit.SECONDS)).hasValue(5);
            }
        }
        assertThat(fetches).as("one fetch served them all").hasValue(1);
    }

    @Test
    void aDueKeySetIsRefetchedWhileTheOneInHandKeepsVerifying() {
        String token = TestTokens.forUser(7);
        assertThat(verifier.userId(token)).hasValue(7);
        assertThat(verifier.userId(token)).hasValue(7);
        assertThat(fetches).as("cached").hasValue(1);

        advance(defaults.refreshEvery().plusSeconds(1));
        assertThat(verifier.userId(token)).hasValue(7);
        assertThat(fetches).as("refreshed once it was due").hasValue(2);
    }

    @Test
    void aTokenOfAnUnknownKeyFetchesAtMostOncePerInterval() throws Exception {
        assertThat(verifier.userId(TestTokens.forUser(1))).hasValue(1);
        advance(RemoteKeySet.MIN_INTERVAL);
        String unknownKey = signedByAKeyNotPublished();
        for (int i = 0; i < 5; i++) {
            assertThat(verifier.userId(unknownKey)).isEmpty();
        }
        assertThat(fetches).as("the first fetch and one for the unknown key").hasValue(2);
    }

    private static String signedByAKeyNotPublished() throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID("rotated-in").generate();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer("photofeed").audience(TestTokens.AUDIENCE).subject("1")
                        .expirationTime(Date.from(Instant.now().plusSeconds(300))).build());
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }
}
