package dev.photofeed.user;

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
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.user.auth.SigningProperties;
import dev.photofeed.user.auth.SigningKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.file.Files;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** ES256 tokens: what is accepted, what is refused, the JWKS, and rotation with two keys valid. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/tokens"})
class TokensTest {

    @LocalServerPort
    int port;
    @Autowired
    SigningKeys keys;
    @Autowired
    SigningProperties settings;
    PublicApi api;
    String userId;
    String target;

    @BeforeEach
    void users() {
        api = PublicApi.toService("http://127.0.0.1:" + port);
        if (userId == null) {
            userId = api.signUp(PublicApi.uniqueName("holder"));
            target = api.signUp(PublicApi.uniqueName("target"));
        }
    }

    @Test
    void forgedExpiredAndMalformedTokensAre401() throws Exception {
        ECKey current = keys.current();
        ECKey stranger = new ECKeyGenerator(Curve.P_256).keyID(current.getKeyID()).generate(); // same kid, other key
        String expired = sign(current, claims(userId, Instant.now().minusSeconds(3600)));
        String forged = sign(stranger, claims(userId, Instant.now().plusSeconds(600)));
        String valid = sign(current, claims(userId, Instant.now().plusSeconds(600)));
        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"photofeed\",\"sub\":\"" + target + "\",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}").getBytes()) + "." + parts[2];
        String unsigned = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes()) + "."
                + parts[1] + ".";

        assertThat(api.follow(valid, target).status()).as("the control").isEqualTo(204);
        for (String bad : List.of(expired, forged, tampered, unsigned, "garbage", "a.b.c", "")) {
            PublicApi.Answer r = api.follow(bad, target);
            assertThat(r.status()).as(bad).isEqualTo(401);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isIn("https://photofeed.dev/problems/invalid-token",
                    "https://photofeed.dev/problems/unauthenticated");
        }
    }

    @Test
    void tokensCarryTheAudienceAndOneOfOurKeyForAnotherAudienceOrNoneIs401() throws Exception {
        String holder = PublicApi.uniqueName("aud");
        api.signUp(holder);
        assertThat(SignedJWT.parse(api.logIn(holder)).getJWTClaimsSet().getAudience()).containsExactly("photofeed");

        JWTClaimsSet good = claims(userId, Instant.now().plusSeconds(600));
        String elsewhere = sign(keys.current(), new JWTClaimsSet.Builder(good).audience("photofeed-staging").build());
        String none = sign(keys.current(), new JWTClaimsSet.Builder(good).audience((String) null).build());
        for (String bad : List.of(elsewhere, none)) {
            PublicApi.Answer r = api.follow(bad, target);
            assertThat(r.status()).as(bad).isEqualTo(401);
            assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/invalid-token");
        }
        assertThat(api.follow(sign(keys.current(), good), target).status()).as("the control").isEqualTo(204);
    }

    @Test
    void aTokenIsNeverStoredByACacheAndNoAnswerIsSniffed() {
        String holder = PublicApi.uniqueName("nostore");
        PublicApi.Answer signUp = api.call("POST", "/api/users", null,
                Map.of("username", holder, "password", PublicApi.PASSWORD, "displayName", holder)).expect(201);
        PublicApi.Answer issued = api.call("POST", "/api/auth/token", null,
                Map.of("username", holder, "password", PublicApi.PASSWORD)).expect(200);
        assertThat(issued.header("Cache-Control")).isEqualTo("no-store");
        assertThat(issued.header("Pragma")).isEqualTo("no-cache");

        PublicApi.Answer refused = api.call("POST", "/api/auth/token", null, Map.of("username", holder, "password", "wrong-one"));
        assertThat(refused.status()).isEqualTo(401);
        for (PublicApi.Answer answer : List.of(signUp, issued, refused, api.get("/internal/jwks.json"), api.get("/api/users/-1"))) {
            assertThat(answer.header("X-Content-Type-Options")).as(answer.call()).isEqualTo("nosniff");
        }
    }

    @Test
    void rotationKeepsThePreviousKeyValidUntilTheNextRotation() throws Exception {
        String holder = PublicApi.uniqueName("rotor");
        api.signUp(holder);
        String before = api.logIn(holder);
        String firstKid = SignedJWT.parse(before).getHeader().getKeyID();

        keys.rotate();
        String after = api.logIn(holder);
        String secondKid = SignedJWT.parse(after).getHeader().getKeyID();
        assertThat(secondKid).isNotEqualTo(firstKid);
        assertThat(api.follow(before, target).status()).as("old key still verifies").isEqualTo(204);
        assertThat(api.follow(after, target).status()).isEqualTo(204);
        JWKSet published = JWKSet.parse(api.get("/internal/jwks.json").json().toString());
        assertThat(published.getKeys()).extracting(k -> k.getKeyID()).containsExactly(secondKid, firstKid);
        assertThat(published.getKeys()).allSatisfy(k -> assertThat(k.isPrivate()).as("no private part published").isFalse());

        keys.rotate();
        assertThat(api.follow(before, target).status()).as("two rotations later").isEqualTo(401);
        assertThat(api.follow(after, target).status()).isEqualTo(204);

        // kept on disk: a restart loads the same keys instead of making new ones
        SigningKeys reloaded = new SigningKeys(settings);
        assertThat(reloaded.current().getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(Files.exists(settings.keyDir().resolve("signing-keys.json"))).isTrue();
    }

    private static JWTClaimsSet claims(String subject, Instant expires) {
        return new JWTClaimsSet.Builder().issuer("photofeed").audience("photofeed").subject(subject)
                .issueTime(Date.from(expires.minusSeconds(900))).expirationTime(Date.from(expires)).build();
    }

    private static String sign(ECKey key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
