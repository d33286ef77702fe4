package dev.photofeed.common.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.cache.*}: the caching switch ({@code enabled}, PHOTOFEED_CACHE_ENABLED; on by default),
 * entry lifetime {@code ttl} (5 min), {@code negative-ttl} for "no such key" (30 s), and {@code jitter}, the
 * most a lifetime is stretched at random (0.2 = up to 20% longer), and {@code bypass-for}, how long the caches
 * go straight to the database once Redis has failed (5 s) before they try it again.
 */
@ConfigurationProperties("photofeed.cache")
public record CacheProperties(Boolean enabled, Duration ttl, Duration negativeTtl, Double jitter, Duration bypassFor) {

    public CacheProperties {
        enabled = enabled == null || enabled;
        ttl = ttl == null ? Duration.ofMinutes(5) : ttl;
        negativeTtl = negativeTtl == null ? Duration.ofSeconds(30) : negativeTtl;
        jitter = jitter == null ? 0.2 : jitter;
        bypassFor = bypassFor == null ? Duration.ofSeconds(5) : bypassFor;
    }
}
