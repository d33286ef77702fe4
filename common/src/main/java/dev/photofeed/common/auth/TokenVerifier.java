package dev.photofeed.common.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.photofeed.common.id.PhotofeedId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.text.ParseException;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Checks an access token the way every service and the gateway must: only ES256 (so {@code alg: none} and
 * HMAC tokens "signed" with the public key fail), a key from the JWKS by its {@code kid}, a good signature,
 * our issuer, our deployment's audience in {@code aud}, an unexpired {@code exp} (30 s of clock skew), and a user
 * id in {@code sub}. The key source ({@link RemoteKeySet}) fetches the key set again when a token names a key it
 * has not seen, which is how a rotation reaches the verifiers. Tokens that verified are remembered in
 * {@link VerifiedTokens} unless {@code cachedTokens} is 0, and forgotten when a fetched key set lacks their key.
 */
public final class TokenVerifier implements MeterBinder {

    /** The key set could not be fetched: not the caller's fault, so not a 401. */
    public static final class KeysUnavailable extends RuntimeException {
        KeysUnavailable(Throwable cause) {
            super("the token signing keys cannot be fetched: " + cause.getMessage(), cause);
        }
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final VerifiedTokens verified;

    public TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, int cachedTokens) {
        this(keys, issuer, audience, cachedTokens, Ticker.systemTicker());
    }

    TokenVerifier(JWKSource<SecurityContext> keys, String issuer, String audience, int cachedTokens, Ticker ticker) {
        this.verified = cachedTokens > 0 ? new VerifiedTokens(cachedTokens, ticker) : null;
        if (verified != null && keys instanceof RemoteKeySet remote) {
            remote.whenFetched(verified::keepOnly);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.ES256, keys));
        // a required audience makes aud mandatory: a token without it, or for another deployment, fails
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                audience, new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"));
        claims.setMaxClockSkew(30);
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** The user of a token that verified recently, without touching a key or a signature; empty if not known. */
    public OptionalLong knownUserId(String token) {
        return verified == null ? OptionalLong.empty() : verified.userId(token);
    }

    /** The user a valid token names; empty for anything malformed, forged, expired, from another issuer or for another audience. */
    public OptionalLong userId(String token) {
        OptionalLong known = knownUserId(token);
        return known.isPresent() ? known : verify(token);
    }

    /**
     * Checks the token now, remembering it if it verified; for a caller that has asked {@link #knownUserId}
     * already (the gateway, which asks on the event loop and verifies on a worker), so a miss counts once.
     */
    public OptionalLong verify(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWTClaimsSet claims = processor.process(jwt, null);
            OptionalLong user = PhotofeedId.parse(claims.getSubject());
            if (verified != null && user.isPresent()) {
                verified.remember(token, user.getAsLong(), claims.getExpirationTime().toInstant(), jwt.getHeader().getKeyID());
            }
            return user;
        } catch (KeySourceException e) {
            throw new KeysUnavailable(e);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (verified != null) {
            verified.bindTo(registry);
        }
    }
}
