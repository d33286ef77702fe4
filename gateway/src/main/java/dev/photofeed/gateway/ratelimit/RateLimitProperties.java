package dev.photofeed.gateway.ratelimit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * {@code photofeed.rate-limit.*}.
 *
 * @param enabled      the rate-limiting switch (PHOTOFEED_RATELIMIT_ENABLED)
 * @param policies     one policy per route class ({@code policies.reads.rate}, {@code .period}, {@code .burst}, ...);
 *                     a class left out keeps {@link RouteClass#defaults()}
 * @param redisTimeout how long a decision may wait for Redis before the in-process limiter answers instead
 */
@ConfigurationProperties("photofeed.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue Map<RouteClass, Limit> policies,
                                  @DefaultValue("50ms") Duration redisTimeout) {

    public record Limit(int rate, Duration period, int burst) {
    }

    public RateLimitProperties {
        policies = Map.copyOf(policies);
    }

    public Gcra.Policy policy(RouteClass routeClass) {
        Limit settings = policies.getOrDefault(routeClass, routeClass.defaults());
        return new Gcra.Policy(routeClass.label(), settings.burst(), settings.rate(), settings.period().toNanos() / 1_000);
    }
}
