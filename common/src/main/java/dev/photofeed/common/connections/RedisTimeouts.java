package dev.photofeed.common.connections;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.redis.*}: every service's limits on Redis, so a dead or stuck Redis fails a call (a cache
 * read falls back to the database, a feed read to gathering, the gateway's limiter to deciding in-process)
 * instead of holding it.
 *
 * @param commandTimeout bounds each command (PHOTOFEED_REDIS_COMMANDTIMEOUT)
 * @param connectTimeout bounds each connect and handshake (PHOTOFEED_REDIS_CONNECTTIMEOUT), which a busy start-up
 *                       (the tracing agent loading Netty's classes) has taken more than 2 s to finish
 */
@ConfigurationProperties("photofeed.redis")
public record RedisTimeouts(@DefaultValue("1s") Duration commandTimeout, @DefaultValue("10s") Duration connectTimeout) {
}
