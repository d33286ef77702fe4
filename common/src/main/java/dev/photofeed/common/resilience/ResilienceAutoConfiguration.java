package dev.photofeed.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.common.CompositeCustomizer;
import io.github.resilience4j.common.circuitbreaker.configuration.CircuitBreakerConfigCustomizer;
import io.github.resilience4j.common.circuitbreaker.configuration.CommonCircuitBreakerConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.CommonRetryConfigurationProperties;
import io.github.resilience4j.common.retry.configuration.RetryConfigCustomizer;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every breaker and retry of a service, named and set in YAML under Resilience4j's own keys
 * ({@code resilience4j.circuitbreaker.instances.<name>.*}, {@code resilience4j.circuitbreaker.configs.<name>.*},
 * {@code resilience4j.retry.*}; common's shared defaults hold {@code cache-redis}): code asks these registries for
 * a breaker by its name. Resilience4j's Spring Boot 3 starter binds the same keys, but it is written for Boot 3
 * (under Boot 4 its health indicators never load, and from 2.4.0 it refuses to start) and it records every call of
 * every breaker in an event buffer for actuator endpoints these services do not expose. The gateway still has
 * that starter through Spring Cloud CircuitBreaker; these registries stand in for its own, so the routes'
 * breakers share them.
 */
@AutoConfiguration(beforeName = {
        "io.github.resilience4j.springboot3.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration",
        "io.github.resilience4j.springboot3.retry.autoconfigure.RetryAutoConfiguration"})
@EnableConfigurationProperties({ResilienceAutoConfiguration.CircuitBreakers.class, ResilienceAutoConfiguration.Retries.class})
public class ResilienceAutoConfiguration {

    /** {@code resilience4j.circuitbreaker.*}: Resilience4j's own keys. */
    @ConfigurationProperties("resilience4j.circuitbreaker")
    public static class CircuitBreakers extends CommonCircuitBreakerConfigurationProperties {
    }

    /** {@code resilience4j.retry.*}: Resilience4j's own keys. */
    @ConfigurationProperties("resilience4j.retry")
    public static class Retries extends CommonRetryConfigurationProperties {
    }

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakerRegistry(CircuitBreakers settings) {
        return circuitBreakers(settings);
    }

    @Bean
    @ConditionalOnMissingBean
    RetryRegistry retryRegistry(Retries settings) {
        return retries(settings);
    }

    /** The named configs, and each declared instance made up front (so {@link #declared} finds it). */
    public static CircuitBreakerRegistry circuitBreakers(CommonCircuitBreakerConfigurationProperties settings) {
        CompositeCustomizer<CircuitBreakerConfigCustomizer> none = new CompositeCustomizer<>(List.of());
        Map<String, CircuitBreakerConfig> configs = new HashMap<>();
        spelledAsDeclared(settings.getConfigs()).forEach((name, config) -> configs.put(name, settings.createCircuitBreakerConfig(name, config, none)));
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(configs, Map.copyOf(settings.getTags()));
        spelledAsDeclared(settings.getInstances()).forEach((name, instance) ->
                registry.circuitBreaker(name, settings.createCircuitBreakerConfig(name, instance, none)));
        return registry;
    }

    public static RetryRegistry retries(CommonRetryConfigurationProperties settings) {
        CompositeCustomizer<RetryConfigCustomizer> none = new CompositeCustomizer<>(List.of());
        Map<String, RetryConfig> configs = new HashMap<>();
        spelledAsDeclared(settings.getConfigs()).forEach((name, config) -> configs.put(name, settings.createRetryConfig(config, none, name)));
        RetryRegistry registry = RetryRegistry.of(configs, Map.copyOf(settings.getTags()));
        spelledAsDeclared(settings.getInstances()).keySet().forEach(name -> registry.retry(name, settings.createRetryConfig(name, none)));
        return registry;
    }

    /**
     * An environment variable cannot spell a dash: RESILIENCE4J_CIRCUITBREAKER_INSTANCES_CACHEREDIS_... reaches
     * {@code cache-redis} (Spring matches names without their dashes) and also adds a key {@code cacheredis}, the
     * same breaker under a name no code asks for. That key is left out.
     */
    private static <V> Map<String, V> spelledAsDeclared(Map<String, V> byName) {
        Set<String> dashed = byName.keySet().stream().filter(name -> name.contains("-")).map(name -> name.replace("-", ""))
                .collect(Collectors.toSet());
        Map<String, V> kept = new HashMap<>(byName);
        kept.keySet().removeIf(dashed::contains);
        return kept;
    }

    /** The registries as a service binds them from {@code binder}: for code that runs without a context (tests, benches). */
    public static CircuitBreakerRegistry circuitBreakers(Binder binder) {
        return circuitBreakers(binder.bindOrCreate("resilience4j.circuitbreaker", CircuitBreakers.class));
    }

    public static RetryRegistry retries(Binder binder) {
        return retries(binder.bindOrCreate("resilience4j.retry", Retries.class));
    }

    /**
     * The breaker declared as {@code resilience4j.circuitbreaker.instances.<name>}. A name the YAML lacks is an error
     * at start: the registry would otherwise hand out a breaker with Resilience4j's defaults.
     */
    public static CircuitBreaker declared(CircuitBreakerRegistry registry, String name) {
        return registry.find(name).orElseThrow(() -> new IllegalStateException(
                "no circuit breaker " + name + ": declare it under resilience4j.circuitbreaker.instances." + name));
    }
}
