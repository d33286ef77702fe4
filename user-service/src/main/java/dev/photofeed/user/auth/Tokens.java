package dev.photofeed.user.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.photofeed.common.auth.TokenVerificationProperties;
import dev.photofeed.common.id.PhotofeedId;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * Issues access tokens: JWTs signed ES256 with the current {@link SigningKeys} key, naming the user in
 * {@code sub} (the id as a string), valid for {@code token-ttl}, from the issuer and for the audience that
 * common's {@code TokenVerifier} checks, here and in every other service.
 */
@Component
public class Tokens {

    private final SigningKeys keys;
    private final SigningProperties settings;
    private final String issuer;
    private final String audience;

    public Tokens(SigningKeys keys, SigningProperties settings, TokenVerificationProperties verification) {
        this.keys = keys;
        this.settings = settings;
        this.issuer = verification.issuer();
        this.audience = verification.audience();
    }

    public record Issued(String accessToken, String tokenType, long expiresIn) {
    }

    public Issued issue(long userId, String username) {
        ECKey key = keys.current();
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
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
}
