package dev.photofeed.common.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * The verified-token cache. An ES256 signature check costs about half a millisecond of CPU on a small machine
 * (a profile of feed reads put it at 13% of the gateway's CPU and 23% of feed-service's), and a client sends
 * the same token on every call for the token's lifetime. A token that verified is remembered with its user
 * until its {@code exp}, and for at most a minute, so a key withdrawn from the JWKS stops working here at most a
 * minute later than it would without the cache (the JWKS itself is refreshed every 5 min). Where the keys are held
 * locally and a withdrawal must count at once (user-service), the cache is off. Only tokens that verified are
 * kept, so junk cannot fill it. Envoy's jwt_authn filter keeps the same kind of cache.
 */
final class VerifiedTokens {

    static final Duration AT_MOST = Duration.ofMinutes(1);

    private record Verified(long userId, Instant expires) {
    }

    private final Cache<String, Verified> cache;

    VerifiedTokens(int maximumSize, Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(Expiry.<String, Verified>creating((token, verified) -> lifetime(verified.expires())))
                .ticker(ticker)
                .recordStats()
                .build();
    }

    OptionalLong userId(String token) {
        Verified verified = cache.getIfPresent(token);
        return verified == null ? OptionalLong.empty() : OptionalLong.of(verified.userId());
    }

    void remember(String token, long userId, Instant expires) {
        cache.put(token, new Verified(userId, expires));
    }

    /** Hits, misses and evictions as {@code cache_*{cache="verified-tokens"}}. */
    void bindTo(MeterRegistry registry) {
        CaffeineCacheMetrics.monitor(registry, cache, "verified-tokens");
    }

    private static Duration lifetime(Instant expires) {
        Duration left = Duration.between(Instant.now(), expires);
        return left.isNegative() ? Duration.ZERO : left.compareTo(AT_MOST) > 0 ? AT_MOST : left;
    }
}
