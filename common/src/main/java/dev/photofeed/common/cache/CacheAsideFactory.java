package dev.photofeed.common.cache;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Makes a {@link CacheAside} per kind of value, all sharing the settings, Redis and meters. */
public final class CacheAsideFactory {

    private final CacheSettings settings;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final MeterRegistry meters;

    public CacheAsideFactory(CacheSettings settings, StringRedisTemplate redis, JsonMapper json, MeterRegistry meters) {
        this.settings = settings;
        this.redis = redis;
        this.json = json;
        this.meters = meters;
    }

    /** {@code name} prefixes the Redis keys and tags the meters. */
    public <T> CacheAside<T> create(String name, Class<T> type) {
        return new CacheAside<>(name, type, settings, redis, json, meters);
    }
}
