package dev.photofeed.common.auth;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.auth.jwks.*}: how user-service's key set is kept.
 *
 * @param refreshEvery    how long the key set is used before it is fetched again (PHOTOFEED_AUTH_JWKS_REFRESHEVERY):
 *                        a key withdrawn from user-service's set stops verifying within about this (plus up to
 *                        5 s of timer and one fetch), so 30 s keeps a withdrawal under a minute everywhere
 * @param outageTolerance how long the last good set keeps verifying while that fetch fails
 *                        (PHOTOFEED_AUTH_JWKS_OUTAGETOLERANCE)
 */
@ConfigurationProperties("photofeed.auth.jwks")
public record JwksProperties(@DefaultValue("30s") Duration refreshEvery, @DefaultValue("1h") Duration outageTolerance) {
}
