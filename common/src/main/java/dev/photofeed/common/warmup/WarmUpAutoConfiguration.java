package dev.photofeed.common.warmup;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Warms whatever stores the service has (each contributes a {@link Warmable}) before readiness.
 * The switch: {@code photofeed.warm-pools.enabled=false} (PHOTOFEED_WARMPOOLS_ENABLED=false) starts cold.
 */
@AutoConfiguration
@ConditionalOnProperty(name = "photofeed.warm-pools.enabled", matchIfMissing = true)
public class WarmUpAutoConfiguration {

    @Bean
    WarmUp warmUp(ObjectProvider<Warmable> clients) {
        return new WarmUp(clients.orderedStream().toList());
    }

    /** Lettuce multiplexes one connection per client: connect it and PING. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(RedisConnectionFactory.class)
    static class RedisWarmUp {

        @Bean
        Warmable redisWarmable(ObjectProvider<RedisConnectionFactory> redis) {
            return new Warmable() {
                @Override
                public String name() {
                    return "redis";
                }

                @Override
                public void warm() {
                    RedisConnectionFactory factory = redis.getIfAvailable();
                    if (factory == null) {
                        return;
                    }
                    try (var connection = factory.getConnection()) {
                        if (!"PONG".equals(connection.ping())) {
                            throw new IllegalStateException("Redis did not answer PING");
                        }
                    }
                }
            };
        }
    }
}
