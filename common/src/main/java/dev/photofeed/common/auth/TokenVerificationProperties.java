package dev.photofeed.common.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;

/**
 * {@code photofeed.auth.*} as every service verifies tokens with it. user-service binds the same prefix for the
 * signing side (its own {@code SigningProperties}) and issues tokens with this {@code issuer} and {@code audience}.
 *
 * @param jwksUrl    user-service's internal key set, for a service that does not hold the keys itself
 *                   (PHOTOFEED_AUTH_JWKSURL)
 * @param issuer     the {@code iss} every token carries and must carry
 * @param audience   the {@code aud} every token carries and must carry: one value per deployment, so a token
 *                   issued by another deployment (staging, a test stack) is refused even if it shares a key
 *                   (PHOTOFEED_AUTH_AUDIENCE)
 * @param tokenCache the verified-token cache ({@link VerifiedTokens})
 */
@ConfigurationProperties("photofeed.auth")
public record TokenVerificationProperties(@DefaultValue("http://localhost:8081/internal/jwks.json") URI jwksUrl,
                                          @DefaultValue("photofeed") String issuer,
                                          @DefaultValue("photofeed") String audience,
                                          @DefaultValue TokenCache tokenCache) {

    /**
     * @param enabled   whether tokens that verified are remembered (PHOTOFEED_AUTH_TOKENCACHE_ENABLED)
     * @param maxTokens the most remembered at once
     */
    public record TokenCache(@DefaultValue("true") boolean enabled, @DefaultValue("20000") int maxTokens) {
    }
}
