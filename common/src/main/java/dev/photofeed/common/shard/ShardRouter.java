package dev.photofeed.common.shard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.photofeed.common.id.PhotofeedId;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

/**
 * The way to a shard: id → logical shard (bits of the id) → physical shard (the {@link HashRing}) → its
 * connections (a pool, or none: {@link Connections}), {@link JdbcClient} and transactions. Every physical shard
 * gets its schema migrated by Flyway when the router is built, before the service takes traffic.
 */
public final class ShardRouter implements AutoCloseable {

    /** One physical shard. A transaction never spans two of these. */
    public record Shard(String name, DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions) {
    }

    /** How a shard keeps its connections: the warm-pools and connection-reuse switches (seed 000). */
    public enum Connections {
        /** A pool kept full from the start. */
        WARM_POOL,
        /** A pool that starts empty and grows on demand. */
        POOL_ON_DEMAND,
        /** No pool: every use opens its own connection. */
        ONE_PER_USE;

        public static Connections of(boolean reuse, boolean warm) {
            return !reuse ? ONE_PER_USE : warm ? WARM_POOL : POOL_ON_DEMAND;
        }
    }

    private final List<Shard> shards;
    private final Shard[] byLogicalShard = new Shard[PhotofeedId.LOGICAL_SHARDS];
    private final HashRing ring;

    public ShardRouter(ShardingProperties properties, Connections connections) {
        if (properties.physical().isEmpty()) {
            throw new IllegalArgumentException("photofeed.shards.physical names no shard");
        }
        Map<String, Shard> byName = new LinkedHashMap<>();
        try {
            for (ShardingProperties.Physical physical : properties.physical()) {
                DataSource source = connections == Connections.ONE_PER_USE
                        ? unpooled(properties, physical)
                        : pool(properties, physical, connections == Connections.WARM_POOL);
                byName.put(physical.name(), new Shard(physical.name(), source, JdbcClient.create(source),
                        new TransactionTemplate(new DataSourceTransactionManager(source))));
                migrate(properties, physical);
            }
        } catch (RuntimeException e) {
            close(byName.values());
            throw e;
        }
        shards = List.copyOf(byName.values());
        ring = new HashRing(List.copyOf(byName.keySet()), properties.virtualNodes());
        IntStream.range(0, PhotofeedId.LOGICAL_SHARDS).forEach(s -> byLogicalShard[s] = byName.get(ring.nodeFor(s)));
    }

    public Shard forLogicalShard(int logicalShard) {
        return byLogicalShard[logicalShard];
    }

    /** The shard a row lives on, read from its id: no look-up. */
    public Shard forId(long id) {
        return byLogicalShard[PhotofeedId.logicalShard(id)];
    }

    public List<Shard> all() {
        return shards;
    }

    public HashRing ring() {
        return ring;
    }

    /**
     * Warm pools (seed 000): with {@code minimumIdle = maximumPoolSize} the pool is kept full, so no request
     * pays for a TCP and Postgres handshake; the warm-up fills it before
     * readiness. With the switch off the pool starts empty and grows on demand.
     */
    private static HikariDataSource pool(ShardingProperties properties, ShardingProperties.Physical physical, boolean warm) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("shard-" + physical.name());
        config.setJdbcUrl(physical.url());
        config.setUsername(properties.username());
        config.setPassword(properties.password());
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(warm ? properties.poolSize() : 0);
        config.setConnectionTimeout(properties.connectionTimeout().toMillis());
        return new HikariDataSource(config);
    }

    /**
     * No reuse (seed 000's cold connections): every {@code getConnection} opens a new physical connection (TCP,
     * Postgres start-up and authentication, a backend process forked) and closing it ends it. A transaction
     * holds one for its length; a statement outside one, for that statement.
     */
    private static DataSource unpooled(ShardingProperties properties, ShardingProperties.Physical physical) {
        try {
            SimpleDriverDataSource source = new SimpleDriverDataSource(DriverManager.getDriver(physical.url()), physical.url(),
                    properties.username(), properties.password());
            Properties driver = new Properties(); // the pool's time limit to connect, in pgjdbc's whole seconds
            driver.setProperty("loginTimeout", String.valueOf(Math.max(1, properties.connectionTimeout().toSeconds())));
            source.setConnectionProperties(driver);
            return source;
        } catch (SQLException e) {
            throw new IllegalStateException("no JDBC driver for " + physical.url(), e);
        }
    }

    /** On a connection of its own, so the serving pool starts exactly as the warm-pools switch says. */
    private static void migrate(ShardingProperties properties, ShardingProperties.Physical physical) {
        Flyway.configure()
                .dataSource(physical.url(), properties.username(), properties.password())
                .locations("classpath:db/photofeed-common", "classpath:db/migration")
                // common's V0_x and a service's V1+ interleave: a new common migration must still apply to a
                // database that already has the service's later ones
                .outOfOrder(true)
                .load()
                .migrate();
    }

    @Override
    public void close() {
        close(shards);
    }

    private static void close(Iterable<Shard> shards) {
        shards.forEach(s -> {
            if (s.dataSource() instanceof HikariDataSource pool) {
                pool.close();
            }
        });
    }
}
