package dev.photofeed.feed.timeline;

import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Pipelining, by hand: commands are queued and sent together, and their replies awaited together, so N
 * commands cost one round trip instead of N. On a dedicated connection auto-flush is off and a {@link Batch}
 * writes its queue to the socket in one go every {@code flushEvery} commands. With pipelining switched off
 * ({@code photofeed.redis.pipelining.enabled=false}) every command waits for its reply before the next one
 * goes: the round trip per command that the switch exists to show. A batch takes its connection from
 * {@link RedisConnections} at its first command and gives it back at each flush: without connection reuse,
 * each flush (each command, with pipelining off) is a connection of its own.
 */
public final class RedisPipeline {

    private final RedisConnections connections;
    private final boolean enabled;
    private final boolean holdBack;
    private final int flushEvery;
    private final Duration timeout;

    public RedisPipeline(RedisConnections connections, boolean enabled, boolean dedicated, int flushEvery, Duration timeout) {
        this.connections = connections;
        this.enabled = enabled;
        this.flushEvery = flushEvery;
        this.timeout = timeout;
        // only a connection nobody else writes to may hold commands back until we flush
        this.holdBack = enabled && (dedicated || connections.fresh());
        if (!connections.fresh()) {
            StatefulRedisConnection<String, String> shared = connections.acquire();
            shared.setAutoFlushCommands(!holdBack);
        }
    }

    public Batch batch() {
        return new Batch();
    }

    /** Commands of one unit of work; not thread-safe (one per caller), the connection is. */
    public final class Batch {

        private final List<RedisFuture<?>> pending = new ArrayList<>();
        private StatefulRedisConnection<String, String> connection;

        public <T> RedisFuture<T> add(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
            if (connection == null) {
                connection = connections.acquire();
                if (connections.fresh()) {
                    connection.setAutoFlushCommands(!holdBack);
                }
            }
            RedisFuture<T> reply = command.apply(connection.async());
            pending.add(reply);
            if (!enabled || pending.size() >= flushEvery) {
                flush();
            }
            return reply;
        }

        /** Sends what is queued and waits for every reply; a failed command fails the batch. */
        public void flush() {
            if (pending.isEmpty()) {
                return;
            }
            connection.flushCommands();
            try {
                if (!LettuceFutures.awaitAll(timeout.toMillis(), TimeUnit.MILLISECONDS, pending.toArray(RedisFuture[]::new))) {
                    throw new IllegalStateException("Redis did not answer " + pending.size() + " commands within " + timeout);
                }
            } finally {
                pending.clear();
                connections.release(connection);
                connection = null;
            }
        }
    }
}
