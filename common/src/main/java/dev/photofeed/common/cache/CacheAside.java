package dev.photofeed.common.cache;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Cache-aside over Redis (as in “Scaling”) for one kind of value, with the protections a hot key needs:
 * <ul>
 * <li><b>single-flight</b>: when many requests miss one key together, one of them loads it from the
 * database and the others wait for that same load (a shared future) instead of each querying: one load per
 * key per instance, however many miss;</li>
 * <li><b>TTL jitter</b>: each entry lives {@code ttl} plus up to {@code jitter} of it, so entries written
 * together do not all expire together;</li>
 * <li><b>negative caching</b>: "no such key" is cached too (shorter), so unknown ids do not reach the
 * database on every request;</li>
 * <li><b>delete after commit</b>: {@link #invalidate} deletes the entry once the writing transaction has
 * committed, so a reader cannot re-cache the old row between the delete and the commit. (A load that read
 * the old row before the commit can still write it after the delete; the TTL bounds that window.)</li>
 * </ul>
 * Meters {@code photofeed.cache.hits|misses|loads|coalesced} (tag {@code cache}) count what happened; a
 * Redis outage degrades to loading from the database. A breaker on Redis ({@link #redisBreaker}) makes that
 * quick: each Redis call would otherwise wait out its command timeout, three of them for a miss (read, read
 * again in the flight, write), which is longer than the gateway waits for the whole call; once Redis has failed,
 * the caches leave it alone for the breaker's wait in the open state and then try one call. With {@code photofeed.cache.enabled=false}
 * every read goes straight to the loader.
 */
public final class CacheAside<T> {

    private static final Logger log = LoggerFactory.getLogger(CacheAside.class);
    private static final String ABSENT = "-"; // the negative entry; a JSON value never looks like this

    private final String name;
    private final Class<T> type;
    private final CacheProperties settings;
    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final SingleFlight<String, Optional<T>> flights = new SingleFlight<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter loads;
    private final Counter coalesced;
    private final CircuitBreaker breaker;

    public CacheAside(String name, Class<T> type, CacheProperties settings, StringRedisTemplate redis, JsonMapper json,
                      MeterRegistry meters, CircuitBreaker breaker) {
        this.name = name;
        this.type = type;
        this.settings = settings;
        this.redis = redis;
        this.json = json;
        this.hits = counter(meters, "hits");
        this.misses = counter(meters, "misses");
        this.loads = counter(meters, "loads");
        this.coalesced = counter(meters, "coalesced");
        this.breaker = breaker;
    }

    /**
     * The breaker {@code cache-redis}, as common's photofeed-service-defaults.yml declares it: it opens on the first
     * failed Redis call (an outage fails every call, so there is nothing to average), stays open for its
     * {@code wait-duration-in-open-state}, then lets one call through to see whether Redis is back. Gauge
     * {@code photofeed.cache.redis.bypassed}: 1 while the caches bypass Redis.
     */
    static CircuitBreaker redisBreaker(CircuitBreakerRegistry breakers, MeterRegistry meters) {
        CircuitBreaker breaker = ResilienceAutoConfiguration.declared(breakers, "cache-redis");
        Gauge.builder("photofeed.cache.redis.bypassed", breaker, b -> b.getState() == CircuitBreaker.State.CLOSED ? 0 : 1)
                .register(meters);
        return breaker;
    }

    private Counter counter(MeterRegistry meters, String what) {
        return Counter.builder("photofeed.cache." + what).tag("cache", name).register(meters);
    }

    /** The value for a key: from Redis, or loaded once (by {@code loader}) and cached. */
    public Optional<T> get(String key, Function<String, Optional<T>> loader) {
        if (!settings.enabled()) {
            loads.increment();
            return loader.apply(key);
        }
        String redisKey = redisKey(key);
        String cached = read(redisKey);
        if (cached != null) {
            hits.increment();
            return decode(cached);
        }
        misses.increment();
        return load(key, redisKey, loader);
    }

    /**
     * The values for several keys, in their order, with one Redis round trip (MGET) for all of them; each miss
     * then goes the way {@link #get} takes it (single-flight load, cached). A user's first page of photos is
     * 21 keys: one MGET instead of 21 GETs one after another.
     */
    public List<Optional<T>> getAll(List<String> keys, Function<String, Optional<T>> loader) {
        if (!settings.enabled()) {
            return keys.stream().map(key -> get(key, loader)).toList();
        }
        List<String> redisKeys = keys.stream().map(this::redisKey).toList();
        List<String> cached = readAll(redisKeys);
        List<Optional<T>> values = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            if (cached.get(i) != null) {
                hits.increment();
                values.add(decode(cached.get(i)));
            } else {
                misses.increment();
                values.add(load(keys.get(i), redisKeys.get(i), loader));
            }
        }
        return values;
    }

    private Optional<T> load(String key, String redisKey, Function<String, Optional<T>> loader) {
        return flights.run(key, () -> {
            // A miss read just before another flight finished would load again: look once more inside the flight.
            String loadedMeanwhile = read(redisKey);
            if (loadedMeanwhile != null) {
                coalesced.increment();
                return decode(loadedMeanwhile);
            }
            loads.increment();
            Optional<T> value = loader.apply(key);
            write(redisKey, value);
            return value;
        }, coalesced::increment);
    }

    /** Drops a key: after the current transaction commits, or now when there is none. */
    public void invalidate(String key) {
        if (!settings.enabled()) {
            return;
        }
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    delete(key);
                }
            });
        } else {
            delete(key);
        }
    }

    private void delete(String key) {
        try {
            breaker.executeRunnable(() -> redis.delete(redisKey(key)));
        } catch (DataAccessException | CallNotPermittedException e) {
            log.warn("cache {}: could not delete {} ({}); it expires with its TTL", name, key, e.getMessage());
        }
    }

    private String read(String redisKey) {
        try {
            return breaker.executeSupplier(() -> redis.opsForValue().get(redisKey));
        } catch (DataAccessException | CallNotPermittedException e) {
            log.debug("cache {}: Redis read failed, loading instead: {}", name, e.getMessage());
            return null;
        }
    }

    /** One value or null per key; all null when Redis cannot be read, so every key loads. */
    private List<String> readAll(List<String> redisKeys) {
        if (redisKeys.isEmpty()) {
            return List.of();
        }
        try {
            List<String> values = breaker.executeSupplier(() -> redis.opsForValue().multiGet(redisKeys));
            return values != null ? values : Collections.nCopies(redisKeys.size(), null);
        } catch (DataAccessException | CallNotPermittedException e) {
            log.debug("cache {}: Redis read failed, loading instead: {}", name, e.getMessage());
            return Collections.nCopies(redisKeys.size(), null);
        }
    }

    private void write(String redisKey, Optional<T> value) {
        Duration ttl = value.isPresent() ? settings.ttl() : settings.negativeTtl();
        long base = ttl.toMillis();
        long jittered = base + (long) (base * settings.jitter() * ThreadLocalRandom.current().nextDouble());
        try {
            breaker.executeRunnable(() -> redis.opsForValue().set(redisKey, value.map(json::writeValueAsString).orElse(ABSENT),
                    Duration.ofMillis(jittered)));
        } catch (DataAccessException | CallNotPermittedException e) {
            log.debug("cache {}: Redis write failed: {}", name, e.getMessage());
        }
    }

    private Optional<T> decode(String cached) {
        return ABSENT.equals(cached) ? Optional.empty() : Optional.of(json.readValue(cached, type));
    }

    private String redisKey(String key) {
        return name + ":" + key;
    }
}
