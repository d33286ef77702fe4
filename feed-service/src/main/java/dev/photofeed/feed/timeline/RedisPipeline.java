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
 * goes: the round trip per command that the switch exists to show.
 */
public final class RedisPipeline {

    private final StatefulRedisConnection<String, String> connection;
    private final boolean enabled;
    private final int flushEvery;
    private final Duration timeout;

    public RedisPipeline(StatefulRedisConnection<String, String> connection, boolean enabled, boolean dedicated,
                         int flushEvery, Duration timeout) {
        this.connection = connection;
        this.enabled = enabled;
        this.flushEvery = flushEvery;
        this.timeout = timeout;
        // only a connection nobody else writes to may hold commands back until we flush
        connection.setAutoFlushCommands(!(enabled && dedicated));
    }

    public Batch batch() {
        return new Batch();
    }

    /** Commands of one unit of work; not thread-safe (one per caller), the connection is. */
    public final class Batch {

        private final List<RedisFuture<?>> pending = new ArrayList<>();

        public <T> RedisFuture<T> add(Function<RedisAsyncCommands<String, String>, RedisFuture<T>> command) {
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
            }
        }
    }
}
