package dev.photofeed.common.shard;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "shards" in the health groups: up when every shard hands out a valid connection; details show each
 * pool's size, idle, active and waiting threads (waiters are the saturation signal, seed 000's USE method).
 */
public class ShardsHealthIndicator extends AbstractHealthIndicator {

    private final ShardRouter shards;

    public ShardsHealthIndicator(ShardRouter shards) {
        super("shard check failed");
        this.shards = shards;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        for (ShardRouter.Shard shard : shards.all()) {
            try (Connection c = shard.dataSource().getConnection()) {
                if (!c.isValid(1)) {
                    builder.down().withDetail(shard.name(), "connection not valid");
                    return;
                }
            }
            if (!(shard.dataSource() instanceof HikariDataSource hikari)) {
                builder.withDetail(shard.name(), "no pool: a connection per use");
                continue;
            }
            HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("total", pool.getTotalConnections());
            detail.put("idle", pool.getIdleConnections());
            detail.put("active", pool.getActiveConnections());
            detail.put("waiting", pool.getThreadsAwaitingConnection());
            builder.withDetail(shard.name(), detail);
        }
        builder.up();
    }
}
