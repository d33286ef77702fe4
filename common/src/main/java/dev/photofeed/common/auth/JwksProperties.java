package dev.photofeed.common.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.auth.jwks.*}: how user-service's key set is kept.
 *
 * @param refreshEvery    how long the key set is used before it is fetched again (PHOTOFEED_AUTH_JWKS_REFRESHEVERY)
 * @param outageTolerance how long the last good set keeps verifying while that fetch fails
 *                        (PHOTOFEED_AUTH_JWKS_OUTAGETOLERANCE)
 */
@ConfigurationProperties("photofeed.auth.jwks")
public record JwksProperties(@DefaultValue("5m") Duration refreshEvery, @DefaultValue("1h") Duration outageTolerance) {
}
