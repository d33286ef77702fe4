package dev.photofeed.feed.upstream;

import dev.photofeed.testsupport.ServiceConfiguration;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The guards of each peer's calls are the ones application.yml declares, as the service binds them. */
class UpstreamSettingsTest {

    private final Binder service = ServiceConfiguration.binder(Map.of());

    @Test
    void eachPeersBreakerHasTheDeclaredSettings() {
        CircuitBreaker breaker = ResilienceAutoConfiguration.circuitBreakers(service).circuitBreaker("user-service", Upstream.PEERS);
        CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
        assertThat(config.getSlidingWindowSize()).isEqualTo(20);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(10);
        assertThat(config.getFailureRateThreshold()).isEqualTo(50f);
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(Duration.ofSeconds(5).toMillis());
        assertThat(config.getIgnoreExceptionPredicate().test(new Upstream.Refused("404", 404))).as("a 4xx").isTrue();
        assertThat(config.getIgnoreExceptionPredicate().test(new Upstream.Unavailable("503"))).isFalse();
    }

    @Test
    void eachPeersRetryHasTheDeclaredSettings() {
        RetryConfig config = ResilienceAutoConfiguration.retries(service).retry("media-service", Upstream.PEERS).getRetryConfig();
        assertThat(config.getMaxAttempts()).isEqualTo(3);
        assertThat(config.getIntervalBiFunction().apply(1, null)).as("100 ms ± 50%").isBetween(50L, 150L);
        assertThat(config.getIntervalBiFunction().apply(2, null)).as("200 ms ± 50%").isBetween(100L, 300L);
        assertThat(config.getExceptionPredicate().test(new Upstream.Unavailable("503"))).isTrue();
        assertThat(config.getExceptionPredicate().test(new Upstream.Refused("404", 404))).isFalse();
        assertThat(config.getExceptionPredicate().test(CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("open")))).as("an open breaker").isFalse();
    }

    @Test
    void anOverrideReachesEveryPeer() {
        Binder overridden = ServiceConfiguration.binder(Map.of("resilience4j.circuitbreaker.configs.upstream.wait-duration-in-open-state", "7s"));
        CircuitBreakerConfig config = ResilienceAutoConfiguration.circuitBreakers(overridden)
                .circuitBreaker("media-service", Upstream.PEERS).getCircuitBreakerConfig();
        assertThat(config.getWaitIntervalFunctionInOpenState().apply(1)).isEqualTo(7_000L);
        assertThat(config.getSlidingWindowSize()).isEqualTo(20);
    }
}
