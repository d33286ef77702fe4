package dev.photofeed.common.id;

import dev.photofeed.common.shard.ShardRouter;

import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes ids that are unique across service replicas and restarts, wherever their clocks are.
 *
 * <p>Instagram made ids inside each shard's database from one sequence shared by that server's logical
 * shards: the low 10 bits repeat after 1024 ids in one millisecond, and a clock stepping back can repeat
 * an id. Here each logical shard has one row, {@code (last_ms, seq)}, in the database that holds the
 * logical shard, advanced by a single atomic upsert: the next id of a logical shard is always greater than
 * the last one (time never runs backwards for it; past 1024 in a millisecond it borrows the next
 * millisecond). The row is durable and travels with its logical shard when resharding moves it, so the
 * guarantee survives restarts and moves. Cost: one short statement per new row, on the shard written anyway.
 */
public final class IdGenerator {

    private static final String ADVANCE = """
            INSERT INTO id_clock AS c (logical_shard, last_ms, seq) VALUES (:shard, :now, 0)
            ON CONFLICT (logical_shard) DO UPDATE SET
              last_ms = CASE WHEN EXCLUDED.last_ms > c.last_ms THEN EXCLUDED.last_ms
                             WHEN c.seq < :maxSeq THEN c.last_ms
                             ELSE c.last_ms + 1 END,
              seq     = CASE WHEN EXCLUDED.last_ms > c.last_ms THEN 0
                             WHEN c.seq < :maxSeq THEN c.seq + 1
                             ELSE 0 END
            RETURNING last_ms, seq
            """;

    private final ShardRouter shards;
    private final Clock clock;

    public IdGenerator(ShardRouter shards, Clock clock) {
        this.shards = shards;
        this.clock = clock;
    }

    /** A new id on the given logical shard (a photo goes on its owner's). Call it outside the write's transaction. */
    public long next(int logicalShard) {
        long now = clock.millis() - PhotofeedId.EPOCH.toEpochMilli();
        return shards.forLogicalShard(logicalShard).jdbc().sql(ADVANCE)
                .param("shard", logicalShard)
                .param("now", now)
                .param("maxSeq", PhotofeedId.SEQUENCES_PER_MILLI - 1)
                .query((rs, row) -> PhotofeedId.compose(rs.getLong("last_ms"), logicalShard, rs.getInt("seq")))
                .single();
    }

    /** A new id on a random logical shard: new users spread evenly over the ring. */
    public long nextOnAnyShard() {
        return next(ThreadLocalRandom.current().nextInt(PhotofeedId.LOGICAL_SHARDS));
    }
}
