package dev.photofeed.common.shard;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code photofeed.shards.*}: the physical Postgres shards of one service's database, by name.
 * From the environment: {@code PHOTOFEED_SHARDS_PHYSICAL_0_NAME}, {@code PHOTOFEED_SHARDS_PHYSICAL_0_URL}, ...
 *
 * @param physical          the shards, each a name and a JDBC URL
 * @param username          the Postgres user of every shard
 * @param password          its password
 * @param poolSize          connections per shard's pool
 * @param connectionTimeout bounds the wait for a connection, from the pool or a new one
 *                          (PHOTOFEED_SHARDS_CONNECTIONTIMEOUT)
 * @param queryTimeout      bounds a statement (PHOTOFEED_SHARDS_QUERYTIMEOUT), so a call that needs a dead or stuck
 *                          shard answers 503 within the gateway's time limit instead of hanging
 * @param virtualNodes      the points each physical shard takes on the hash ring ({@link HashRing})
 */
@ConfigurationProperties("photofeed.shards")
public record ShardingProperties(
        @DefaultValue List<Physical> physical,
        @DefaultValue("postgres") String username,
        @DefaultValue("") String password,
        @DefaultValue("10") int poolSize,
        @DefaultValue("2s") Duration connectionTimeout,
        @DefaultValue("5s") Duration queryTimeout,
        @DefaultValue("8192") int virtualNodes) {

    public record Physical(String name, String url) {
    }

    public ShardingProperties {
        physical = List.copyOf(physical);
    }
}
