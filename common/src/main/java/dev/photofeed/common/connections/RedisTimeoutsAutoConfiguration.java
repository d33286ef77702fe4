package dev.photofeed.common.connections;

import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * {@link RedisTimeouts} on the Lettuce client Spring Boot builds (user-, media-service, the gateway), in place
 * of Boot's 60 s command default; feed-service's own clients read the same record.
 */
@AutoConfiguration
@EnableConfigurationProperties(RedisTimeouts.class)
public class RedisTimeoutsAutoConfiguration {

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass({LettuceClientConfigurationBuilderCustomizer.class, SocketOptions.class})
    static class BootLettuce {

        /** Lettuce's handshake waits the client's "command timeout": that is the connect limit here. */
        @Bean
        LettuceClientConfigurationBuilderCustomizer redisHandshakeTimeout(RedisTimeouts timeouts) {
            return builder -> builder.commandTimeout(timeouts.connectTimeout());
        }

        /** Each command's own limit, and the TCP connect's. */
        @Bean
        LettuceClientOptionsBuilderCustomizer redisCommandAndConnectTimeouts(RedisTimeouts timeouts) {
            return options -> options
                    .timeoutOptions(TimeoutOptions.enabled(timeouts.commandTimeout()))
                    .socketOptions(SocketOptions.builder().connectTimeout(timeouts.connectTimeout()).build());
        }
    }
}
