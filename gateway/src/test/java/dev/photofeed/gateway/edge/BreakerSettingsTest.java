package dev.photofeed.gateway.edge;

import dev.photofeed.testsupport.ServiceConfiguration;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import dev.photofeed.gateway.GatewaySettings;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway's breakers have the settings application.yml declares, and an override reaches them. */
class BreakerSettingsTest {

    private static Duration openFor(CircuitBreakerConfig config) {
        return Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1));
    }

    @Test
    void theRateLimitersBreakerOnRedis() {
        CircuitBreakerConfig config = ResilienceAutoConfiguration.declared(GatewaySettings.breakers(), "rate-limit-redis")
                .getCircuitBreakerConfig();
        assertThat(config.getSlidingWindowSize()).isEqualTo(20);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(openFor(config)).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(3);
    }

    @Test
    void everyRoutesBreaker() {
        CircuitBreakerConfig config = GatewaySettings.breakers().getConfiguration(EdgeResilience.ROUTES).orElseThrow();
        assertThat(config.getSlidingWindowSize()).isEqualTo(50);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(20);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(openFor(config)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void anOverrideReachesTheBreaker() {
        CircuitBreakerRegistry breakers = ResilienceAutoConfiguration.circuitBreakers(ServiceConfiguration.binder(Map.of(
                "resilience4j.circuitbreaker.instances.rate-limit-redis.wait-duration-in-open-state", "9s",
                "resilience4j.circuitbreaker.configs.route.minimum-number-of-calls", "40")));
        assertThat(openFor(ResilienceAutoConfiguration.declared(breakers, "rate-limit-redis").getCircuitBreakerConfig()))
                .isEqualTo(Duration.ofSeconds(9));
        assertThat(breakers.getConfiguration(EdgeResilience.ROUTES).orElseThrow().getMinimumNumberOfCalls()).isEqualTo(40);
    }
}
