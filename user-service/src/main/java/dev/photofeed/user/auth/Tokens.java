package dev.photofeed.user.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Access tokens: JWTs signed ES256 with the current {@link SigningKeys} key, naming the user in {@code sub}
 * (the id as a string), valid for {@code token-ttl}. Verification accepts only ES256 with a published
 * {@code kid}, a good signature, this issuer and an unexpired {@code exp}: anything else is a 401.
 */
@Component
public class Tokens {

    private static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final SigningKeys keys;
    private final AuthSettings settings;

    public Tokens(SigningKeys keys, AuthSettings settings) {
        this.keys = keys;
        this.settings = settings;
    }

    public record Issued(String accessToken, String tokenType, long expiresIn) {
    }

    public Issued issue(long userId, String username) {
        ECKey key = keys.current();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .subject(PhotofeedId.format(userId))
                .claim("username", username)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.tokenTtl())))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("could not sign a token", e);
        }
        return new Issued(jwt.serialize(), "Bearer", settings.tokenTtl().toSeconds());
    }

    /** The user a token names, or a 401 {@code invalid-token}. */
    public long verify(String token) {
        return userId(token).orElseThrow(() -> new ApiException(HttpStatus.UNAUTHORIZED, "invalid-token",
                "the access token is malformed, forged or expired"));
    }

    private OptionalLong userId(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.ES256.equals(jwt.getHeader().getAlgorithm()) || jwt.getHeader().getKeyID() == null) {
                return OptionalLong.empty();
            }
            Optional<ECKey> key = keys.byId(jwt.getHeader().getKeyID());
            if (key.isEmpty() || !jwt.verify(new ECDSAVerifier(key.get().toECPublicKey()))) {
                return OptionalLong.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (expires == null || expires.toInstant().plus(CLOCK_SKEW).isBefore(Instant.now())
                    || !settings.issuer().equals(claims.getIssuer())) {
                return OptionalLong.empty();
            }
            return PhotofeedId.parse(claims.getSubject());
        } catch (ParseException | JOSEException | IllegalStateException e) {
            return OptionalLong.empty();
        }
    }
}
