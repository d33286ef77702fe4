package dev.photofeed.gateway.ratelimit;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Mono;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One decision per request: the GCRA script on Redis (one round trip, Redis's clock, shared by every gateway
 * replica), or, when Redis is slow or down, the same algorithm in this process. A circuit breaker decides:
 * after repeated failures it stops asking Redis for a while (no request waits on a dead Redis), then lets a
 * few calls through to see whether it is back. Limits are per instance while open: each replica allows the
 * full rate, so the system errs towards serving. Every in-process decision counts in
 * {@code photofeed.ratelimit.fail.open}.
 */
public final class FailOpenLimiter {

    private final ReactiveStringRedisTemplate redis;
    // the text, read once: a script built on the resource checks the resource for changes on every call
    private final RedisScript<List> script = RedisScript.of(read("scripts/gcra.lua"), List.class);
    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final ConcurrentHashMap<String, Long> localTats = new ConcurrentHashMap<>();
    private final Counter failOpen;
    private final Counter limited;
    private final Counter allowed;

    /** {@code breakers}: the one holding {@code rate-limit-redis}, as application.yml declares it. */
    public FailOpenLimiter(ReactiveStringRedisTemplate redis, Duration timeout, MeterRegistry meters, CircuitBreakerRegistry breakers) {
        this.redis = redis;
        this.timeout = timeout;
        this.breaker = ResilienceAutoConfiguration.declared(breakers, "rate-limit-redis");
        this.failOpen = meters.counter("photofeed.ratelimit.fail.open");
        this.limited = meters.counter("photofeed.ratelimit.decisions", "outcome", "limited");
        this.allowed = meters.counter("photofeed.ratelimit.decisions", "outcome", "allowed");
    }

    public Mono<Gcra.Decision> decide(String key, Gcra.Policy policy) {
        return redis.execute(script, List.of(key), List.of(String.valueOf(policy.burst()), String.valueOf(policy.rate()),
                        String.valueOf(policy.periodMicros()), "1"))
                .next()
                .map(FailOpenLimiter::decision)
                .timeout(timeout)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(redisAway -> Mono.fromSupplier(() -> decideLocally(key, policy)))
                .doOnNext(d -> (d.limited() ? limited : allowed).increment());
    }

    private static String read(String resource) {
        try {
            return new ClassPathResource(resource).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CircuitBreaker.State state() {
        return breaker.getState();
    }

    private Gcra.Decision decideLocally(String key, Gcra.Policy policy) {
        failOpen.increment();
        long now = System.currentTimeMillis() * 1_000;
        Gcra.Decision[] decision = new Gcra.Decision[1];
        localTats.compute(key, (k, tat) -> {
            decision[0] = Gcra.decide(policy, tat == null ? now : tat, now, 1);
            return decision[0].newTat();
        });
        if (localTats.size() > 100_000) {
            localTats.values().removeIf(tat -> tat < now); // passed TATs are the same as absent ones
        }
        return decision[0];
    }

    private static Gcra.Decision decision(List<?> reply) {
        long[] r = reply.stream().mapToLong(v -> ((Number) v).longValue()).toArray();
        return new Gcra.Decision(r[0] == 1, (int) r[1], r[2], r[3], r[4], 0);
    }
}
