package dev.photofeed.gateway.ratelimit;

import dev.photofeed.common.auth.TokenVerificationProperties;
import dev.photofeed.common.auth.TokenVerifier;
import dev.photofeed.gateway.edge.ClientAddress;

import dev.photofeed.common.warmup.Warmable;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import java.time.Duration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

    @Bean
    FailOpenLimiter failOpenLimiter(ReactiveStringRedisTemplate redis, RateLimitProperties properties, MeterRegistry meters,
                                    CircuitBreakerRegistry breakers) {
        return new FailOpenLimiter(redis, properties.redisTimeout(), meters, breakers);
    }

    /** One real decision before readiness: the script is loaded and the path warm when traffic comes. */
    @Bean
    Warmable rateLimitScript(FailOpenLimiter limiter, RateLimitProperties properties) {
        return new Warmable() {
            @Override
            public String name() {
                return "rate-limit script";
            }

            @Override
            public void warm() {
                limiter.decide("rl:{warm-up}", properties.policy(RouteClass.READS)).block(Duration.ofSeconds(10));
            }
        };
    }

    @Bean
    RateLimitFilter rateLimitFilter(FailOpenLimiter limiter, RateLimitProperties properties, TokenVerifier tokens, ClientAddress clients,
                                    TokenVerificationProperties verification) {
        return new RateLimitFilter(limiter, properties, tokens, clients, verification.tokenCache().enabled());
    }

    @Bean
    RateLimitFilter.AfterTokenCheck rateLimitAfterTokenCheck(RateLimitFilter limits) {
        return new RateLimitFilter.AfterTokenCheck(limits);
    }
}
