package dev.photofeed.common.shard;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.photofeed.common.id.PhotofeedId;
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
 * gets its schema migrated by Flyway when the router is built, before the service takes traffic; one that cannot
 * be reached then is migrated when it answers again, before its data is used ({@link ShardGate}).
 */
public final class ShardRouter implements AutoCloseable {

    /**
     * One physical shard. A transaction never spans two of these. {@code dataSource} is its connections as they
     * are (warm-up, health, pool meters); {@code jdbc} and {@code transactions} reach its data through its
     * {@code gate}: once migrated.
     */
    public record Shard(String name, DataSource dataSource, JdbcClient jdbc, TransactionTemplate transactions,
                        ShardGate gate) {
    }

    /**
     * How a shard keeps its connections: the warm-pools and connection-reuse switches
     * (“Building million scale distributed systems”).
     */
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
                ShardGate gate = new ShardGate(physical.name(), properties, physical);
                DataSource data = gate.guard(source);
                byName.put(physical.name(), new Shard(physical.name(), source, JdbcClient.create(data),
                        new TransactionTemplate(new DataSourceTransactionManager(data)), gate));
                gate.migrateAtStart();
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
     * Warm pools (“Building million scale distributed systems”): with {@code minimumIdle = maximumPoolSize} the
     * pool is kept full, so no request pays for a TCP and Postgres handshake; the warm-up fills it before
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
        // a shard down at start gets a pool anyway, which connects once the shard answers
        config.setInitializationFailTimeout(-1);
        driverTimeouts(properties).forEach(config::addDataSourceProperty);
        return new HikariDataSource(config);
    }

    /**
     * No reuse (the cold connections of “Building million scale distributed systems”): every {@code getConnection}
     * opens a new physical connection (TCP, Postgres start-up and authentication, a backend process forked) and
     * closing it ends it. A transaction holds one for its length; a statement outside one, for that statement.
     */
    private static DataSource unpooled(ShardingProperties properties, ShardingProperties.Physical physical) {
        try {
            SimpleDriverDataSource source = new SimpleDriverDataSource(DriverManager.getDriver(physical.url()), physical.url(),
                    properties.username(), properties.password());
            Properties driver = new Properties(); // the pool's time limit to connect
            driver.setProperty("loginTimeout", seconds(properties.connectionTimeout()));
            driver.putAll(driverTimeouts(properties));
            source.setConnectionProperties(driver);
            return source;
        } catch (SQLException e) {
            throw new IllegalStateException("no JDBC driver for " + physical.url(), e);
        }
    }

    /**
     * pgjdbc's limits, so a dead or silent shard fails a call instead of holding it: connecting ({@code
     * connectionTimeout}); a statement, which Postgres cancels ({@code queryTimeout}, as {@code statement_timeout});
     * and a server that stops answering altogether, given a second more than that (the socket read timeout).
     */
    private static Map<String, String> driverTimeouts(ShardingProperties properties) {
        return Map.of(
                "connectTimeout", seconds(properties.connectionTimeout()),
                "options", "-c statement_timeout=" + properties.queryTimeout().toMillis(),
                "socketTimeout", seconds(properties.queryTimeout().plusSeconds(1)));
    }

    /** pgjdbc takes whole seconds. */
    private static String seconds(java.time.Duration duration) {
        return String.valueOf(Math.max(1, (duration.toMillis() + 999) / 1000));
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
