package dev.photofeed.common.cache;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Cache-aside for services with Redis, Jackson and Micrometer. */
@AutoConfiguration(after = ResilienceAutoConfiguration.class, afterName = {
        "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnClass({StringRedisTemplate.class, JsonMapper.class, MeterRegistry.class})
@ConditionalOnBean({StringRedisTemplate.class, JsonMapper.class, MeterRegistry.class})
@EnableConfigurationProperties(CacheProperties.class)
public class CacheAutoConfiguration {

    @Bean
    CacheAsideFactory cacheAsideFactory(CacheProperties settings, StringRedisTemplate redis, JsonMapper json, MeterRegistry meters,
                                        CircuitBreakerRegistry breakers) {
        return new CacheAsideFactory(settings, redis, json, meters, breakers);
    }
}
