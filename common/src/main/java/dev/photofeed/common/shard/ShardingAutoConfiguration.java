package dev.photofeed.common.shard;

import com.zaxxer.hikari.HikariDataSource;
import dev.photofeed.common.connections.ConnectionReuseProperties;
import dev.photofeed.common.id.IdGenerator;
import dev.photofeed.common.warmup.WarmPoolsProperties;
import dev.photofeed.common.warmup.Warmable;
import org.flywaydb.core.Flyway;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** Sharded Postgres for a service that configures {@code photofeed.shards.physical}. */
@AutoConfiguration
@ConditionalOnClass({HikariDataSource.class, JdbcClient.class, Flyway.class})
@ConditionalOnProperty("photofeed.shards.physical[0].url")
@EnableConfigurationProperties({ShardingProperties.class, WarmPoolsProperties.class, ConnectionReuseProperties.class})
public class ShardingAutoConfiguration {

    @Bean(destroyMethod = "close")
    ShardRouter shardRouter(ShardingProperties properties, WarmPoolsProperties warmPools, ConnectionReuseProperties reuse) {
        return new ShardRouter(properties, ShardRouter.Connections.of(reuse.enabled(), warmPools.enabled()));
    }

    @Bean
    IdGenerator idGenerator(ShardRouter shards) {
        return new IdGenerator(shards, Clock.systemUTC());
    }

    @Bean
    @ConditionalOnProperty(name = "photofeed.warm-pools.enabled", matchIfMissing = true)
    Warmable shardPoolsWarmable(ShardRouter shards) {
        return new Warmable() {
            @Override
            public String name() {
                return shards.all().size() + " shards' connections opened";
            }

            /** A shard unreachable at start has nothing to warm; its pool fills once it answers. */
            @Override
            public void warm() throws Exception {
                for (ShardRouter.Shard shard : shards.all()) {
                    if (shard.gate().migrated()) {
                        fill(shard);
                    }
                }
            }
        };
    }

    /**
     * Borrows every connection of a pool at once, so each is opened and validated, then gives them back.
     * Without a pool nothing can stay warm: one connection checks the shard answers before readiness.
     */
    static void fill(ShardRouter.Shard shard) throws Exception {
        DataSource source = shard.dataSource();
        int size = source instanceof HikariDataSource pool ? pool.getMaximumPoolSize() : 1;
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < size; i++) {
                Connection c = source.getConnection();
                held.add(c);
                if (!c.isValid(2)) {
                    throw new IllegalStateException(shard.name() + ": a new connection is not valid");
                }
            }
        } finally {
            for (Connection c : held) {
                c.close();
            }
        }
    }

    /**
     * Pool usage and waiters per shard ({@code hikaricp.connections.active}, {@code .pending}, {@code .usage},
     * {@code .acquire}...): the pools are not Spring beans, so Boot's data-source metrics cannot see them. And
     * {@code photofeed.shard.up}: 1 while the shard's last connection attempt succeeded, 0 while it failed.
     */
    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    static class PoolMeters {

        @Bean
        io.micrometer.core.instrument.binder.MeterBinder shardPoolMeters(ShardRouter shards) {
            return registry -> shards.all().forEach(shard -> {
                if (shard.dataSource() instanceof HikariDataSource pool) {
                    pool.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(registry));
                }
                io.micrometer.core.instrument.Gauge.builder("photofeed.shard.up", shard.gate(), gate -> gate.up() ? 1 : 0)
                        .tag("shard", shard.name()).description("whether the shard's last connection attempt succeeded")
                        .register(registry);
            });
        }
    }

    @Bean
    ShardsHealthIndicator shardsHealthIndicator(ShardRouter shards) {
        return new ShardsHealthIndicator(shards);
    }
}
