package dev.photofeed.feed.timeline;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import java.util.function.Function;

/**
 * Where the feed's Redis commands go, by the connection-reuse switch ({@code photofeed.connection-reuse.enabled}).
 * Reused (the default): one long-lived connection, which Lettuce multiplexes across threads. Not reused (seed
 * 000's cold connections): every use connects (TCP and HELLO) and closes after, the handshake per request the
 * switch exists to show.
 */
public final class RedisConnections {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> shared;

    private RedisConnections(RedisClient client, StatefulRedisConnection<String, String> shared) {
        this.client = client;
        this.shared = shared;
    }

    public static RedisConnections reusing(StatefulRedisConnection<String, String> connection) {
        return new RedisConnections(null, connection);
    }

    public static RedisConnections onePerUse(RedisClient client) {
        return new RedisConnections(client, null);
    }

    /** Whether {@link #acquire} hands out a connection nobody else writes to. */
    boolean fresh() {
        return shared == null;
    }

    /** One command (or a few) on a connection, synchronously. */
    public <T> T sync(Function<RedisCommands<String, String>, T> commands) {
        StatefulRedisConnection<String, String> connection = acquire();
        try {
            return commands.apply(connection.sync());
        } finally {
            release(connection);
        }
    }

    StatefulRedisConnection<String, String> acquire() {
        return shared != null ? shared : client.connect();
    }

    void release(StatefulRedisConnection<String, String> connection) {
        if (connection != shared) {
            connection.close();
        }
    }
}
