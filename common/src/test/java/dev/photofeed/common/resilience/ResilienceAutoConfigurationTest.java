package dev.photofeed.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The breakers the YAML declares reach the registry a service gets, and the environment can change them. */
class ResilienceAutoConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(ResilienceAutoConfiguration.class)
    static class AnApplication {
    }

    private static CircuitBreakerRegistry registryOfAnApplication(String... args) {
        // the test JVM's logging stays as it is: the shared settings would switch it to JSON
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AnApplication.class)
                .web(WebApplicationType.NONE).run(args)) {
            return context.getBean(CircuitBreakerRegistry.class);
        } finally {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        }
    }

    private static Duration openFor(CircuitBreakerConfig config) {
        return Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1));
    }

    @Test
    void theSharedCacheRedisBreakerHasTheSettingsOfTheYaml() {
        CircuitBreakerConfig config = ResilienceAutoConfiguration.declared(registryOfAnApplication("--spring.main.banner-mode=off"),
                "cache-redis").getCircuitBreakerConfig();
        assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED);
        assertThat(config.getSlidingWindowSize()).isEqualTo(1);
        assertThat(config.getMinimumNumberOfCalls()).isEqualTo(1);
        assertThat(config.getFailureRateThreshold()).isEqualTo(100f);
        assertThat(openFor(config)).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.getPermittedNumberOfCallsInHalfOpenState()).isEqualTo(1);
        assertThat(config.getRecordExceptionPredicate().test(new DataAccessResourceFailureException("down"))).isTrue();
        assertThat(config.getRecordExceptionPredicate().test(new IllegalStateException("a bug"))).isFalse();
    }

    @Test
    void aPropertyOverridesTheYaml() {
        CircuitBreaker breaker = ResilienceAutoConfiguration.declared(registryOfAnApplication("--spring.main.banner-mode=off",
                "--resilience4j.circuitbreaker.instances.cache-redis.wait-duration-in-open-state=2s"), "cache-redis");
        assertThat(openFor(breaker.getCircuitBreakerConfig())).isEqualTo(Duration.ofSeconds(2));
        assertThat(breaker.getCircuitBreakerConfig().getSlidingWindowSize()).as("the rest as declared").isEqualTo(1);
    }

    @Test
    void anEnvironmentVariableOverridesTheYamlOfTheSameBreaker() {
        StandardEnvironment environment = SharedBreakers.environment();
        // named as Spring names the process's environment, so that it is read the way Spring reads variables
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment",
                Map.of("RESILIENCE4J_CIRCUITBREAKER_INSTANCES_CACHEREDIS_WAITDURATIONINOPENSTATE", "10s")));
        CircuitBreakerRegistry registry = ResilienceAutoConfiguration.circuitBreakers(Binder.get(environment));
        assertThat(registry.getAllCircuitBreakers()).extracting(CircuitBreaker::getName).containsExactly("cache-redis");
        assertThat(openFor(ResilienceAutoConfiguration.declared(registry, "cache-redis").getCircuitBreakerConfig()))
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aBreakerTheYamlLacksIsAnErrorNotResilience4jsDefaults() {
        assertThatThrownBy(() -> ResilienceAutoConfiguration.declared(SharedBreakers.registry(), "nowhere"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("resilience4j.circuitbreaker.instances.nowhere");
    }
}
