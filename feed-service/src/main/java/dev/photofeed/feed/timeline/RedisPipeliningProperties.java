package dev.photofeed.feed.timeline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code photofeed.redis.pipelining.*}, beside common's {@code photofeed.redis} time limits.
 *
 * @param enabled the pipelining switch (PHOTOFEED_REDIS_PIPELINING_ENABLED): off, fan-out, backfill and rebuild
 *                writes take one round trip per command ({@link RedisPipeline})
 */
@ConfigurationProperties("photofeed.redis.pipelining")
public record RedisPipeliningProperties(@DefaultValue("true") boolean enabled) {
}
