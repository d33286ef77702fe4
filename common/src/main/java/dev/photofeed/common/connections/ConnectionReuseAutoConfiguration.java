package dev.photofeed.common.connections;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * The connection-reuse switch ({@link ConnectionReuseProperties}). Postgres follows it in the shard router;
 * Redis, for the services that reach it through Spring Data Redis, here.
 */
@AutoConfiguration
@EnableConfigurationProperties(ConnectionReuseProperties.class)
public class ConnectionReuseAutoConfiguration {

    /**
     * Switched off, Lettuce's one shared, multiplexed connection is not shared: with no pool configured each
     * {@code RedisConnection} (one template operation) opens a dedicated connection and closes it when it is
     * released, so every command pays for a TCP connect and a HELLO (“Building million scale distributed systems”:
     * the cost of a handshake per request). Servlet services only: the gateway's reactive limiter keeps its shared
     * connection.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(LettuceConnectionFactory.class)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnProperty(name = "photofeed.connection-reuse.enabled", havingValue = "false")
    static class RedisConnectionPerCommand {

        @Bean
        static BeanPostProcessor unsharedLettuceConnections() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String beanName) {
                    if (bean instanceof LettuceConnectionFactory factory) { // before it starts and connects
                        factory.setShareNativeConnection(false);
                    }
                    return bean;
                }
            };
        }
    }
}
