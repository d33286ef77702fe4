package dev.photofeed.common.shard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code photofeed.shards.*}: the physical Postgres shards of one service's database, by name.
 * From the environment: {@code PHOTOFEED_SHARDS_PHYSICAL_0_NAME}, {@code PHOTOFEED_SHARDS_PHYSICAL_0_URL}, ...
 * {@code connection-timeout} (PHOTOFEED_SHARDS_CONNECTIONTIMEOUT, 2 s) bounds the wait for a connection, from the
 * pool or a new one; {@code query-timeout} (PHOTOFEED_SHARDS_QUERYTIMEOUT, 5 s) a statement, so a call that needs a
 * dead or stuck shard answers 503 within the gateway's time limit instead of hanging.
 */
@ConfigurationProperties("photofeed.shards")
public record ShardingProperties(
        List<Physical> physical,
        String username,
        String password,
        Integer poolSize,
        Duration connectionTimeout,
        Duration queryTimeout,
        Integer virtualNodes) {

    public record Physical(String name, String url) {
    }

    public ShardingProperties {
        physical = physical == null ? List.of() : List.copyOf(physical);
        username = username == null ? "postgres" : username;
        password = password == null ? "" : password;
        poolSize = poolSize == null ? 10 : poolSize;
        connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(2) : connectionTimeout;
        queryTimeout = queryTimeout == null ? Duration.ofSeconds(5) : queryTimeout;
        virtualNodes = virtualNodes == null ? 8192 : virtualNodes;
    }
}
