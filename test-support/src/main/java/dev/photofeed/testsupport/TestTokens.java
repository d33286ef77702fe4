package dev.photofeed.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * Tokens as user-service issues them (ES256, issuer {@code photofeed}, the default audience
 * {@link #AUDIENCE}, user id in {@code sub}), signed with a
 * key the test publishes: {@code @Import(TestTokens.Keys.class)} makes the service under test trust it.
 */
public final class TestTokens {

    /** {@code photofeed.auth.audience} when nothing sets it. */
    public static final String AUDIENCE = "photofeed";
    public static final ECKey KEY = generate("test-key");
    private static final ECKey STRANGER = generate("test-key"); // same kid, different key: a forgery

    private TestTokens() {
    }

    public static String forUser(long userId) {
        return sign(KEY, userId, Duration.ofSeconds(300));
    }

    /** A token good for {@code validFor}: {@link #forUser(long)}'s last five minutes, user-service's fifteen. */
    public static String forUser(long userId, Duration validFor) {
        return sign(KEY, userId, validFor);
    }

    public static String forged(long userId) {
        return sign(STRANGER, userId, Duration.ofSeconds(300));
    }

    /** The service under test trusts only {@link #KEY}, as if fetched from user-service's JWKS. */
    @TestConfiguration
    public static class Keys {
        @Bean
        public JWKSource<SecurityContext> testKeys() {
            return new ImmutableJWKSet<>(new JWKSet(KEY.toPublicJWK()));
        }
    }

    private static String sign(ECKey key, long userId, Duration validFor) {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer("photofeed").audience(AUDIENCE).subject(Long.toString(userId))
                        .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(validFor))).build());
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    private static ECKey generate(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
