package dev.photofeed.common.id;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * 64-bit ids in Instagram's layout: 41 bits of milliseconds since {@link #EPOCH} (about 69 years),
 * 13 bits of logical shard (8192), 10 bits of sequence (1024 per millisecond per logical shard).
 * The top time bit stays 0 for 2^40 ms (until 2060), so ids stay positive in a signed {@code bigint}.
 * An id names the logical shard its row lives on, so no look-up is needed to find it; ids sort by time.
 * On the wire an id is a decimal string: JavaScript loses integers above 2^53.
 */
public final class PhotofeedId {

    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    public static final int SHARD_BITS = 13;
    public static final int SEQUENCE_BITS = 10;
    public static final int LOGICAL_SHARDS = 1 << SHARD_BITS;
    public static final int SEQUENCES_PER_MILLI = 1 << SEQUENCE_BITS;
    public static final long MAX_MILLIS = (1L << 40) - 1;

    private PhotofeedId() {
    }

    public static long compose(long millisSinceEpoch, int logicalShard, int sequence) {
        if (millisSinceEpoch < 0 || millisSinceEpoch > MAX_MILLIS) {
            throw new IllegalArgumentException("time out of range: " + millisSinceEpoch);
        }
        if (logicalShard < 0 || logicalShard >= LOGICAL_SHARDS) {
            throw new IllegalArgumentException("logical shard out of range: " + logicalShard);
        }
        if (sequence < 0 || sequence >= SEQUENCES_PER_MILLI) {
            throw new IllegalArgumentException("sequence out of range: " + sequence);
        }
        return (millisSinceEpoch << (SHARD_BITS + SEQUENCE_BITS)) | ((long) logicalShard << SEQUENCE_BITS) | sequence;
    }

    public static long millisSinceEpoch(long id) {
        return id >>> (SHARD_BITS + SEQUENCE_BITS);
    }

    public static int logicalShard(long id) {
        return (int) ((id >>> SEQUENCE_BITS) & (LOGICAL_SHARDS - 1));
    }

    public static int sequence(long id) {
        return (int) (id & (SEQUENCES_PER_MILLI - 1));
    }

    public static Instant createdAt(long id) {
        return EPOCH.plusMillis(millisSinceEpoch(id));
    }

    /** The smallest id of a given instant: a cursor bound for "everything older than". */
    public static long lowestAt(Instant instant) {
        return compose(instant.toEpochMilli() - EPOCH.toEpochMilli(), 0, 0);
    }

    public static String format(long id) {
        return Long.toString(id);
    }

    /** A positive decimal id, or empty for anything else (signs, spaces, letters, overflow). */
    public static OptionalLong parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            long id = Long.parseLong(text);
            return id > 0 ? OptionalLong.of(id) : OptionalLong.empty();
        } catch (NumberFormatException overflow) {
            return OptionalLong.empty();
        }
    }
}
