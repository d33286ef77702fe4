package dev.photofeed.common.shard;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Map;

/**
 * The way to a shard's data: its migrations first, and whether it answered the last time a connection was
 * asked of it ({@link #up}, the {@code photofeed.shard.up} gauge). A shard that does not answer at start does not
 * stop the service: it is left unmigrated, its data refused (its callers get a 503; the other shards serve), and
 * migrated by the first use or health check that finds it back. A migration attempt that fails is not repeated
 * for {@link #RETRY_AFTER}, so callers of a dead shard fail at once instead of queueing here.
 */
public final class ShardGate {

    static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ShardGate.class);

    private final String shard;
    private final Flyway flyway;
    private volatile boolean migrated;
    private volatile long retryAt;
    private volatile boolean up;

    ShardGate(String shard, ShardingProperties properties, ShardingProperties.Physical physical) {
        this.shard = shard;
        this.retryAt = System.nanoTime(); // nanoTime has no fixed origin: "no wait" is "now", not 0
        // on a connection of its own, so the serving pool starts exactly as the warm-pools switch says
        this.flyway = Flyway.configure()
                .dataSource(physical.url(), properties.username(), properties.password())
                .jdbcProperties(Map.of("connectTimeout", String.valueOf(Math.max(1, properties.connectionTimeout().toSeconds()))))
                .locations("classpath:db/photofeed-common", "classpath:db/migration")
                // common's V0_x and a service's V1+ interleave: a new common migration must still apply to a
                // database that already has the service's later ones
                .outOfOrder(true)
                .load();
    }

    public boolean migrated() {
        return migrated;
    }

    /** Whether the last connection asked for through this gate was had. */
    public boolean up() {
        return up;
    }

    /**
     * At start: migrates, or, when the shard cannot be reached, leaves that for later. Any other failure (a
     * migration that does not apply) still stops the start.
     */
    void migrateAtStart() {
        try {
            migrate();
            up = true;
        } catch (SQLException unreachable) {
            log.warn("{} is unreachable at start; serving without it until it answers: {}", shard, unreachable.getMessage());
        }
    }

    /** Migrates now unless done; throws, as a connection failure, while the shard cannot be reached. */
    void migrate() throws SQLException {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (migrated) {
                return;
            }
            if (System.nanoTime() - retryAt < 0) {
                throw new SQLTransientConnectionException(shard + " is unreachable and not migrated yet", "08001");
            }
            try {
                flyway.migrate();
                migrated = true;
            } catch (RuntimeException e) {
                SQLException cause = connectionFailure(e);
                if (cause == null) {
                    throw e;
                }
                retryAt = System.nanoTime() + RETRY_AFTER.toNanos();
                throw new SQLTransientConnectionException(shard + " is unreachable and not migrated yet: " + cause.getMessage(), "08001", e);
            }
        }
    }

    /** The connections of {@code source}, handed out only once the shard is migrated. */
    DataSource guard(DataSource source) {
        return new DelegatingDataSource(source) {
            @Override
            public Connection getConnection() throws SQLException {
                return recorded(() -> super.getConnection());
            }

            @Override
            public Connection getConnection(String username, String password) throws SQLException {
                return recorded(() -> super.getConnection(username, password));
            }
        };
    }

    private interface ConnectionSupplier {
        Connection get() throws SQLException;
    }

    private Connection recorded(ConnectionSupplier connection) throws SQLException {
        try {
            migrate();
            Connection c = connection.get();
            up = true;
            return c;
        } catch (SQLException e) {
            up = false;
            throw e;
        }
    }

    /** The SQL error that says the server could not be reached (SQLSTATE class 08), if that is what failed. */
    private static SQLException connectionFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return sql;
            }
        }
        return null;
    }
}
