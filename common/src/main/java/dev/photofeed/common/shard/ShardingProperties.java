package dev.photofeed.common.shard;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code photofeed.shards.*}: the physical Postgres shards of one service's database, by name.
 * From the environment: {@code PHOTOFEED_SHARDS_PHYSICAL_0_NAME}, {@code PHOTOFEED_SHARDS_PHYSICAL_0_URL}, ...
 */
@ConfigurationProperties("photofeed.shards")
public record ShardingProperties(
        List<Physical> physical,
        String username,
        String password,
        Integer poolSize,
        Duration connectionTimeout,
        Integer virtualNodes) {

    public record Physical(String name, String url) {
    }

    public ShardingProperties {
        physical = physical == null ? List.of() : List.copyOf(physical);
        username = username == null ? "postgres" : username;
        password = password == null ? "" : password;
        poolSize = poolSize == null ? 10 : poolSize;
        connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(2) : connectionTimeout;
        virtualNodes = virtualNodes == null ? 8192 : virtualNodes;
    }
}
