package dev.photofeed.gateway.edge;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.photofeed.gateway.StubbedUpstreams;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestTokens;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens at the edge: the good one passes; alg none, HMAC with the public key, expired, foreign and junk are 401. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestTokens.Keys.class)
class TokenGateTest extends StubbedUpstreams {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aValidTokenAndNoTokenPass() throws Exception {
        assertThat(get(TestTokens.forUser(7)).statusCode()).isEqualTo(200);
        assertThat(get(null).statusCode()).as("public reads stay public").isEqualTo(200);
    }

    @Test
    void aKnownTokenIsLookedUpOnceACall() throws Exception {
        String token = TestTokens.forUser(8);
        assertThat(get(token).statusCode()).isEqualTo(200); // verified once, remembered from now on
        double before = lookups();
        for (int i = 0; i < 5; i++) {
            assertThat(get(token).statusCode()).isEqualTo(200);
        }
        assertThat(lookups() - before).as("verified-token cache lookups for 5 calls (rate limiter and token gate)").isEqualTo(5);
    }

    private double lookups() {
        return meters.find("cache.gets").tag("cache", "verified-tokens").functionCounters().stream()
                .mapToDouble(FunctionCounter::count).sum();
    }

    @Test
    void everyForgeryIsRefusedAtTheEdge() throws Exception {
        long before = apiCalls();
        Instant now = Instant.now();
        JWTClaimsSet good = claims("photofeed", now.plusSeconds(300));

        SignedJWT hmacWithPublicKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(TestTokens.KEY.getKeyID())
                .type(JOSEObjectType.JWT).build(), good);
        hmacWithPublicKey.sign(new MACSigner(TestTokens.KEY.toPublicJWK().toJSONString().getBytes()));

        for (String forged : new String[]{
                new PlainJWT(good).serialize(),                      // alg: none
                hmacWithPublicKey.serialize(),                       // HS256 keyed with the public key
                signed(claims("photofeed", now.minusSeconds(120))),  // expired
                signed(claims("someone-else", now.plusSeconds(300))), // another issuer
                TestTokens.forged(7),                                // a key we never published
                "not-a-token"}) {
            HttpResponse<String> response = get(forged);
            assertThat(response.statusCode()).as(forged).isEqualTo(401);
            assertThat(response.body()).contains("\"type\":\"https://photofeed.dev/problems/invalid-token\"");
        }
        assertThat(apiCalls()).as("nothing forged reached a service").isEqualTo(before);
    }

    @Test
    void aTokenOfOurKeyForAnotherAudienceOrNoneIsRefusedAtTheEdge() throws Exception {
        long before = apiCalls();
        Instant expires = Instant.now().plusSeconds(300);
        JWTClaimsSet base = claims("photofeed", expires);

        for (JWTClaimsSet claims : new JWTClaimsSet[]{
                new JWTClaimsSet.Builder(base).audience("photofeed-staging").build(), // another deployment's
                new JWTClaimsSet.Builder(base).audience((String) null).build()}) {    // no aud at all
            HttpResponse<String> response = get(signed(claims));
            assertThat(response.statusCode()).as(claims.toString()).isEqualTo(401);
            assertThat(response.body()).contains("\"type\":\"https://photofeed.dev/problems/invalid-token\"");
        }
        assertThat(apiCalls()).as("nothing reached a service").isEqualTo(before);
        assertThat(get(signed(base)).statusCode()).as("the control").isEqualTo(200);
    }

    @Test
    void everyAnswerIsNosniffAndATokensNoStoreSurvivesTheEdge() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/auth/token"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(token.headers().firstValue("Cache-Control")).as("as the service sent it").hasValue("no-store");

        List<HttpResponse<String>> answers = List.of(token,
                get(TestTokens.forUser(7)),                                   // proxied: the stand-in sends no nosniff
                get("not-a-token"),                                           // the edge's 401
                plain("/api/photos/%2e%2e/internal/jwks.json"),               // the path guard's 404
                plain("/nothing-routes-here"),                                // no route
                plain("/actuator/health/readiness"));                         // Actuator
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.headers().firstValue("X-Content-Type-Options")).as(answer.uri() + " " + answer.statusCode())
                    .hasValue("nosniff");
        }
    }

    private HttpResponse<String> plain(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** What reached the stand-in through a route (its health checks arrive every few seconds whatever the test does). */
    private static long apiCalls() {
        return UPSTREAM.paths().stream().filter(path -> path.startsWith("/api/")).count();
    }

    private HttpResponse<String> get(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/photos/1"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JWTClaimsSet claims(String issuer, Instant expires) {
        return new JWTClaimsSet.Builder().issuer(issuer).audience(TestTokens.AUDIENCE).subject("7").issueTime(Date.from(Instant.now().minusSeconds(600)))
                .expirationTime(Date.from(expires)).build();
    }

    private static String signed(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(TestTokens.KEY.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(TestTokens.KEY));
        return jwt.serialize();
    }
}
