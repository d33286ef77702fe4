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
import java.util.Set;

/**
 * The verified-token cache. An ES256 signature check costs about half a millisecond of CPU on a small machine
 * (a profile of feed reads put it at 13% of the gateway's CPU and 23% of feed-service's), and a client sends
 * the same token on every call for the token's lifetime. A token that verified is remembered with its user and
 * the key that signed it until its {@code exp}, and for at most a minute. When a fetched key set lacks a key
 * ({@link #keepOnly}), its tokens are forgotten at once, so a withdrawn key stops working here when the key set
 * shows it gone, not up to a minute later. Where the keys are held locally and a withdrawal must count at once
 * (user-service), the cache is off. Only tokens that verified are kept, so junk cannot fill it. Envoy's
 * jwt_authn filter keeps the same kind of cache.
 */
final class VerifiedTokens {

    static final Duration AT_MOST = Duration.ofMinutes(1);

    private record Verified(long userId, Instant expires, String keyId) {
    }

    private final Cache<String, Verified> cache;
    /** The key ids of the last key set fetched; null until one is (a key source that tells none). */
    private volatile Set<String> published;

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

    void remember(String token, long userId, Instant expires, String keyId) {
        cache.put(token, new Verified(userId, expires, keyId));
        if (withdrawn(keyId, published)) {
            cache.invalidate(token); // its key left the set while it was being checked
        }
    }

    /** A key set was fetched: the tokens of keys not in it are forgotten, and none is remembered again. */
    void keepOnly(Set<String> keyIds) {
        published = keyIds;
        cache.asMap().values().removeIf(verified -> withdrawn(verified.keyId(), keyIds));
    }

    private static boolean withdrawn(String keyId, Set<String> keyIds) {
        return keyIds != null && (keyId == null || !keyIds.contains(keyId));
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
