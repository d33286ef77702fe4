package dev.photofeed.user.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code photofeed.auth.*} as user-service signs tokens with it. common's {@code TokenVerificationProperties}
 * binds the same prefix for the verifying side; {@code issuer} is in both and must have the same default.
 *
 * @param keyDir      where the signing keys are kept (PHOTOFEED_AUTH_KEYDIR), relative to the working directory
 *                    unless absolute; {@code ./stack} sets it inside its git-ignored data folder
 * @param tokenTtl    how long a token is good for
 * @param rotateAfter how old the signing key may get before a new one replaces it
 * @param issuer      the {@code iss} of every token
 */
@ConfigurationProperties("photofeed.auth")
public record AuthProperties(@DefaultValue("keys") Path keyDir,
                             @DefaultValue("15m") Duration tokenTtl,
                             @DefaultValue("30d") Duration rotateAfter,
                             @DefaultValue("photofeed") String issuer) {
}
