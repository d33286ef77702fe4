package dev.photofeed.common.cache;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.cache.*}. How long the caches leave Redis alone once it has failed is the {@code cache-redis}
 * breaker's {@code wait-duration-in-open-state} (common's photofeed-service-defaults.yml).
 *
 * @param enabled     the caching switch (PHOTOFEED_CACHE_ENABLED)
 * @param ttl         how long an entry lives
 * @param negativeTtl how long a "no such key" lives
 * @param jitter      the most a lifetime is stretched at random, as a fraction of it (0.2: up to 20% longer)
 */
@ConfigurationProperties("photofeed.cache")
public record CacheProperties(@DefaultValue("true") boolean enabled,
                              @DefaultValue("5m") Duration ttl,
                              @DefaultValue("30s") Duration negativeTtl,
                              @DefaultValue("0.2") double jitter) {
}
