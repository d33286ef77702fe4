package dev.photofeed.common.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.auth.jwks.*}: how long user-service's key set is used before it is fetched again
 * ({@code refresh-every}, PHOTOFEED_AUTH_JWKS_REFRESHEVERY, 5 min), and how long the last good set keeps
 * verifying while that fetch fails ({@code outage-tolerance}, PHOTOFEED_AUTH_JWKS_OUTAGETOLERANCE, 1 h).
 */
@ConfigurationProperties("photofeed.auth.jwks")
public record JwksProperties(Duration refreshEvery, Duration outageTolerance) {

    public JwksProperties {
        refreshEvery = refreshEvery == null ? Duration.ofMinutes(5) : refreshEvery;
        outageTolerance = outageTolerance == null ? Duration.ofHours(1) : outageTolerance;
    }
}
