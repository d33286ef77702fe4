package dev.photofeed.user.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code photofeed.auth.*}: {@code key-dir} where the signing keys are kept (PHOTOFEED_AUTH_KEYDIR; default
 * {@code keys}, relative to the working directory, which {@code ./stack} sets inside its git-ignored data
 * folder), {@code token-ttl} (15 min), {@code rotate-after} (how old the signing key may get before a new one
 * replaces it; 30 days), {@code issuer} ({@code photofeed}).
 */
@ConfigurationProperties("photofeed.auth")
public record AuthProperties(Path keyDir, Duration tokenTtl, Duration rotateAfter, String issuer) {

    public AuthProperties {
        keyDir = keyDir == null ? Path.of("keys") : keyDir;
        tokenTtl = tokenTtl == null ? Duration.ofMinutes(15) : tokenTtl;
        rotateAfter = rotateAfter == null ? Duration.ofDays(30) : rotateAfter;
        issuer = issuer == null ? "photofeed" : issuer;
    }
}
