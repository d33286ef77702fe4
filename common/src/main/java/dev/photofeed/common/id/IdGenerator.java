package dev.photofeed.common.id;

import dev.photofeed.common.shard.ShardRouter;

import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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
 * guarantee survives restarts and moves. Cost: one short statement per new row, on the shard written anyway,
 * or per physical shard for a batch of new rows.
 */
public final class IdGenerator {

    /**
     * Reserves {@code n} consecutive ids on each listed logical shard in one upsert. A clock row is the last id
     * handed out as one position, {@code last_ms * 1024 + seq}; the first new one is the later of "now, seq 0"
     * and "the last plus one" (past 1024 in a millisecond that borrows the next), and the row moves to the
     * last new one. The proposed row carries {@code (now, n - 1)}: exactly the row to insert when the logical
     * shard has none yet, and all the update needs to know. Returns each shard's last new position.
     */
    private static final String ADVANCE = """
            INSERT INTO id_clock AS c (logical_shard, last_ms, seq)
            SELECT s, ?, n - 1 FROM unnest(?::integer[], ?::integer[]) AS t(s, n)
            ON CONFLICT (logical_shard) DO UPDATE SET
              last_ms = (GREATEST(EXCLUDED.last_ms * %1$d, c.last_ms * %1$d + c.seq + 1) + EXCLUDED.seq) / %1$d,
              seq     = (GREATEST(EXCLUDED.last_ms * %1$d, c.last_ms * %1$d + c.seq + 1) + EXCLUDED.seq) %% %1$d
            RETURNING logical_shard, last_ms, seq
            """.formatted(PhotofeedId.SEQUENCES_PER_MILLI);

    private final ShardRouter shards;
    private final Clock clock;

    public IdGenerator(ShardRouter shards, Clock clock) {
        this.shards = shards;
        this.clock = clock;
    }

    /** A new id on the given logical shard (a photo goes on its owner's). Call it outside the write's transaction. */
    public long next(int logicalShard) {
        return reserve(shards.forLogicalShard(logicalShard), Map.of(logicalShard, 1)).get(logicalShard)[0];
    }

    /** A new id on a random logical shard: new users spread evenly over the ring. */
    public long nextOnAnyShard() {
        return nextOnAnyShards(1)[0];
    }

    /**
     * {@code count} new ids (at most {@value PhotofeedId#SEQUENCES_PER_MILLI}), each on a random logical shard
     * as {@link #nextOnAnyShard()} draws them, for a batch of new rows: one statement per physical shard
     * instead of one per id.
     */
    public long[] nextOnAnyShards(int count) {
        if (count < 1 || count > PhotofeedId.SEQUENCES_PER_MILLI) {
            throw new IllegalArgumentException("between 1 and " + PhotofeedId.SEQUENCES_PER_MILLI + " ids at a time, not " + count);
        }
        int[] drawn = new int[count];
        Map<ShardRouter.Shard, Map<Integer, Integer>> wanted = new HashMap<>();
        for (int i = 0; i < count; i++) {
            drawn[i] = ThreadLocalRandom.current().nextInt(PhotofeedId.LOGICAL_SHARDS);
            wanted.computeIfAbsent(shards.forLogicalShard(drawn[i]), s -> new HashMap<>()).merge(drawn[i], 1, Integer::sum);
        }
        Map<Integer, long[]> reserved = new HashMap<>();
        wanted.forEach((shard, counts) -> reserved.putAll(reserve(shard, counts)));
        Map<Integer, Integer> taken = new HashMap<>();
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = reserved.get(drawn[i])[taken.merge(drawn[i], 1, Integer::sum) - 1];
        }
        return ids;
    }

    /** The ids reserved on one physical shard, per logical shard, ascending. */
    private Map<Integer, long[]> reserve(ShardRouter.Shard shard, Map<Integer, Integer> counts) {
        long now = clock.millis() - PhotofeedId.EPOCH.toEpochMilli();
        int[] logical = counts.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[] n = Arrays.stream(logical).map(counts::get).toArray();
        Map<Integer, long[]> reserved = new HashMap<>();
        shard.jdbc().sql(ADVANCE).param(now).param(logical).param(n).query((rs, row) -> {
            int logicalShard = rs.getInt("logical_shard");
            long last = rs.getLong("last_ms") * PhotofeedId.SEQUENCES_PER_MILLI + rs.getInt("seq");
            long[] ids = new long[counts.get(logicalShard)];
            for (int i = 0; i < ids.length; i++) {
                long position = last - ids.length + 1 + i;
                ids[i] = PhotofeedId.compose(position / PhotofeedId.SEQUENCES_PER_MILLI, logicalShard,
                        (int) (position % PhotofeedId.SEQUENCES_PER_MILLI));
            }
            return reserved.put(logicalShard, ids);
        }).list();
        return reserved;
    }
}
