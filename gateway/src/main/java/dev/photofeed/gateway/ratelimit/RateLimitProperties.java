package dev.photofeed.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Map;

/**
 * {@code photofeed.rate-limit.*}: the switch ({@code enabled}, PHOTOFEED_RATELIMIT_ENABLED), one policy per
 * route class ({@code policies.reads.rate}, {@code .period}, {@code .burst}, ...), and how long a decision
 * may wait for Redis before the in-process limiter answers instead ({@code redis-timeout}).
 */
@ConfigurationProperties("photofeed.rate-limit")
public record RateLimitProperties(Boolean enabled, Map<RouteClass, Limit> policies, Duration redisTimeout) {

    public record Limit(int rate, Duration period, int burst) {
    }

    public RateLimitProperties {
        enabled = enabled == null || enabled;
        redisTimeout = redisTimeout == null ? Duration.ofMillis(50) : redisTimeout;
        policies = policies == null ? Map.of() : Map.copyOf(policies);
    }

    public Gcra.Policy policy(RouteClass routeClass) {
        Limit settings = policies.getOrDefault(routeClass, routeClass.defaults());
        return new Gcra.Policy(routeClass.label(), settings.burst(), settings.rate(), settings.period().toNanos() / 1_000);
    }
}
