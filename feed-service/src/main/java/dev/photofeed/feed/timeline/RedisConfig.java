package dev.photofeed.feed.timeline;

import dev.photofeed.common.connections.ConnectionReuseProperties;
import dev.photofeed.common.connections.RedisTimeouts;
import dev.photofeed.feed.FeedProperties;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

/**
 * Two Lettuce connections, opened (and so warm) before the service is ready: one for requests, one only for
 * fan-out writes, so that a flush of thousands of timeline inserts never queues a reader's command behind it.
 * With connection reuse off, neither: see {@link RedisConnections}.
 */
@Configuration(proxyBeanMethods = false)
class RedisConfig {

    @Bean(destroyMethod = "shutdown")
    RedisClient feedRedisClient(@Value("${spring.data.redis.host}") String host,
                                @Value("${spring.data.redis.port}") int port,
                                @Value("${spring.data.redis.database:0}") int database,
                                @Value("${spring.data.redis.password:}") String password,
                                RedisTimeouts timeouts) {
        // the connect and handshake limit, and each command's (common's RedisTimeouts, as every service has)
        RedisURI.Builder uri = RedisURI.builder().withHost(host).withPort(port).withDatabase(database)
                .withTimeout(timeouts.connectTimeout());
        if (!password.isEmpty()) {
            uri.withPassword(password.toCharArray());
        }
        RedisClient client = RedisClient.create(uri.build());
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(timeouts.connectTimeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(timeouts.commandTimeout())).build());
        return client;
    }

    /**
     * Without connection reuse (the cold connections of “Building million scale distributed systems”) both ways open a
     * connection per use instead.
     */
    @Bean
    TimelineStore timelineStore(RedisClient client, FeedProperties settings, ConnectionReuseProperties reuse,
                                RedisPipeliningProperties pipelining) {
        RedisConnections requests = reuse.enabled() ? RedisConnections.reusing(client.connect()) : RedisConnections.onePerUse(client);
        RedisConnections fanOut = reuse.enabled() ? RedisConnections.reusing(client.connect()) : requests;
        Duration timeout = Duration.ofSeconds(5);
        return new TimelineStore(requests,
                new RedisPipeline(requests, pipelining.enabled(), false, settings.fanoutBatch(), timeout),
                new RedisPipeline(fanOut, pipelining.enabled(), true, settings.fanoutBatch(), timeout),
                settings);
    }
}
