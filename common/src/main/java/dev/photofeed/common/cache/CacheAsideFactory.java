package dev.photofeed.common.cache;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Makes a {@link CacheAside} per kind of value, all sharing the settings, Redis, meters and one breaker on Redis:
 * when Redis is down, every cache of the service bypasses it at once.
 */
public final class CacheAsideFactory {

    private final CacheProperties settings;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final CircuitBreaker redisBreaker;

    public CacheAsideFactory(CacheProperties settings, StringRedisTemplate redis, JsonMapper json, MeterRegistry meters,
                             CircuitBreakerRegistry breakers) {
        this.settings = settings;
        this.redis = redis;
        this.json = json;
        this.meters = meters;
        this.redisBreaker = CacheAside.redisBreaker(breakers, meters);
    }

    /** {@code name} prefixes the Redis keys and tags the meters. */
    public <T> CacheAside<T> create(String name, Class<T> type) {
        return new CacheAside<>(name, type, settings, redis, json, meters, redisBreaker);
    }
}
