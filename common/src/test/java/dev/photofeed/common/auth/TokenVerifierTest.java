package dev.photofeed.common.auth;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.photofeed.testsupport.TestTokens;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The verified-token cache: a token is checked once, then remembered until its exp and at most a minute. */
class TokenVerifierTest {

    private final AtomicInteger keyLookups = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final JWKSource<SecurityContext> keys = countingKeys();

    @Test
    void aTokenThatVerifiedIsNotCheckedAgainUntilItExpires() throws Exception {
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100, nanos::get);
        String token = token(7, Instant.now().plusSeconds(2));

        assertThat(verifier.knownUserId(token)).isEmpty();
        assertThat(verifier.userId(token)).hasValue(7);
        assertThat(verifier.userId(token)).hasValue(7);
        assertThat(verifier.knownUserId(token)).hasValue(7);
        assertThat(keyLookups).as("checked once").hasValue(1);

        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThat(verifier.knownUserId(token)).as("forgotten at its exp").isEmpty();
        assertThat(verifier.userId(token)).hasValue(7);
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void eachCallCountsOneLookupInTheCacheMeters() {
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100, nanos::get);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        verifier.bindTo(registry);

        String first = TestTokens.forUser(11);
        assertThat(verifier.userId(first)).hasValue(11);
        String second = TestTokens.forUser(12);
        assertThat(verifier.knownUserId(second)).isEmpty(); // the gateway's way: look up, then verify
        assertThat(verifier.verify(second)).hasValue(12);
        assertThat(verifier.userId(second)).hasValue(12);

        assertThat(gets(registry, "miss")).isEqualTo(2);
        assertThat(gets(registry, "hit")).isEqualTo(1);
        assertThat(keyLookups).hasValue(2);
    }

    private static double gets(SimpleMeterRegistry registry, String result) {
        return registry.get("cache.gets").tag("cache", "verified-tokens").tag("result", result).functionCounter().count();
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterAMinute() throws Exception {
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100, nanos::get);
        String token = token(8, Instant.now().plusSeconds(3600));
        verifier.userId(token);

        nanos.addAndGet(VerifiedTokens.AT_MOST.minusSeconds(1).toNanos());
        assertThat(verifier.knownUserId(token)).hasValue(8);
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(verifier.knownUserId(token)).isEmpty();
    }

    @Test
    void aTokenThatFailedIsNeverRemembered() {
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100, nanos::get);
        String forged = TestTokens.forged(9);

        assertThat(verifier.userId(forged)).isEmpty();
        assertThat(verifier.userId(forged)).isEmpty();
        assertThat(verifier.knownUserId(forged)).isEmpty();
        assertThat(keyLookups).as("checked every time").hasValue(2);
    }

    @Test
    void withTheCacheOffEveryCallIsChecked() {
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 0, nanos::get);
        String token = TestTokens.forUser(10);

        assertThat(verifier.userId(token)).hasValue(10);
        assertThat(verifier.userId(token)).hasValue(10);
        assertThat(verifier.knownUserId(token)).isEmpty();
        assertThat(keyLookups).hasValue(2);
    }

    @Test
    void aTokenForAnotherAudienceOrForNoneFails() throws Exception {
        TokenVerifier verifier = new TokenVerifier(keys, "photofeed", TestTokens.AUDIENCE, 100, nanos::get);
        Instant expires = Instant.now().plusSeconds(300);

        assertThat(verifier.userId(token(13, expires, TestTokens.AUDIENCE))).as("the control").hasValue(13);
        assertThat(verifier.userId(token(13, expires, "photofeed-staging"))).as("another deployment's").isEmpty();
        assertThat(verifier.userId(token(13, expires, null))).as("no aud").isEmpty();
    }

    private JWKSource<SecurityContext> countingKeys() {
        ImmutableJWKSet<SecurityContext> published = new ImmutableJWKSet<>(new JWKSet(TestTokens.KEY.toPublicJWK()));
        return (selector, context) -> {
            keyLookups.incrementAndGet();
            return published.get(selector, context);
        };
    }

    private static String token(long userId, Instant expires) throws Exception {
        return token(userId, expires, TestTokens.AUDIENCE);
    }

    private static String token(long userId, Instant expires, String audience) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(TestTokens.KEY.getKeyID())
                .type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer("photofeed").audience(audience).subject(Long.toString(userId))
                        .issueTime(Date.from(Instant.now())).expirationTime(Date.from(expires)).build());
        jwt.sign(new ECDSASigner(TestTokens.KEY));
        return jwt.serialize();
    }
}
