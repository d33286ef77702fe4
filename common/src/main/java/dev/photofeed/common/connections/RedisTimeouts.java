package dev.photofeed.common.connections;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.redis.*}: every service's limits on Redis, so a dead or stuck Redis fails a call (a cache
 * read falls back to the database, a feed read to gathering, the gateway's limiter to deciding in-process)
 * instead of holding it. {@code command-timeout} (PHOTOFEED_REDIS_COMMANDTIMEOUT, 1 s) bounds each command;
 * {@code connect-timeout} (PHOTOFEED_REDIS_CONNECTTIMEOUT, 10 s) each connect and handshake, which a busy
 * start-up (the tracing agent loading Netty's classes) has taken more than 2 s to finish.
 */
@ConfigurationProperties("photofeed.redis")
public record RedisTimeouts(Duration commandTimeout, Duration connectTimeout) {

    public RedisTimeouts {
        commandTimeout = commandTimeout == null ? Duration.ofSeconds(1) : commandTimeout;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    }
}
