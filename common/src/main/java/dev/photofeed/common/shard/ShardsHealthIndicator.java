package dev.photofeed.common.shard;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.dao.DataAccessException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "shards" in the health endpoint: up when every shard answers a query (through its {@link ShardGate}, so a shard
 * that was down at start is migrated by the check that finds it back); details show each shard's state and pool's
 * size, idle, active and waiting threads (waiters are the saturation signal: the USE method of “Building million
 * scale distributed systems”). Not part of readiness: a dead shard fails only the calls that need it, so it must
 * not take every replica out of the load balancer.
 */
public class ShardsHealthIndicator extends AbstractHealthIndicator {

    private final ShardRouter shards;

    public ShardsHealthIndicator(ShardRouter shards) {
        super("shard check failed");
        this.shards = shards;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean allUp = true;
        for (ShardRouter.Shard shard : shards.all()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            try {
                shard.jdbc().sql("SELECT 1").query(Integer.class).single();
                detail.put("status", "UP");
            } catch (DataAccessException e) {
                allUp = false;
                detail.put("status", "DOWN");
                detail.put("error", e.getMostSpecificCause().getMessage());
            }
            detail.put("migrated", shard.gate().migrated());
            if (shard.dataSource() instanceof HikariDataSource hikari) {
                HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
                detail.put("total", pool.getTotalConnections());
                detail.put("idle", pool.getIdleConnections());
                detail.put("active", pool.getActiveConnections());
                detail.put("waiting", pool.getThreadsAwaitingConnection());
            }
            builder.withDetail(shard.name(), detail);
        }
        if (allUp) {
            builder.up();
        } else {
            builder.down();
        }
    }
}
