package dev.photofeed.user.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code photofeed.signing.*}: how user-service signs tokens. The issuer and audience they carry are
 * common's {@code photofeed.auth.issuer} and {@code photofeed.auth.audience}, the ones every verifier checks.
 *
 * @param keyDir      where the signing keys are kept (PHOTOFEED_SIGNING_KEYDIR), relative to the working directory
 *                    unless absolute; {@code ./stack} starts user-service inside its git-ignored data folder
 * @param tokenTtl    how long a token is good for
 * @param rotateAfter how old the signing key may get before a new one replaces it
 */
@ConfigurationProperties("photofeed.signing")
public record SigningProperties(@DefaultValue("keys") Path keyDir,
                                @DefaultValue("15m") Duration tokenTtl,
                                @DefaultValue("30d") Duration rotateAfter) {
}
