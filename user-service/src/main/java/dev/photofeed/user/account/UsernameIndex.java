package dev.photofeed.user.account;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.zip.CRC32C;

/**
 * Which user a username belongs to, unique across all shards. A user row lives on the shard its id names,
 * so a name cannot be unique there; instead each name has one row in {@code usernames} on the shard its
 * hash names (CRC32C, stable across JVMs, onto the same logical shards and ring as ids). The primary key on
 * that one row is what makes the name unique.
 */
@Component
public class UsernameIndex {

    /** A claim older than this whose user never became active was left by a sign-up that died half-way. */
    static final String STALE_AFTER = "1 minute";

    private final ShardRouter shards;

    public UsernameIndex(ShardRouter shards) {
        this.shards = shards;
    }

    public ShardRouter.Shard shardFor(String username) {
        CRC32C crc = new CRC32C();
        crc.update(username.getBytes(StandardCharsets.UTF_8));
        return shards.forLogicalShard((int) (crc.getValue() % PhotofeedId.LOGICAL_SHARDS));
    }

    public OptionalLong find(String username) {
        return shardFor(username).jdbc().sql("SELECT user_id FROM usernames WHERE username = ?")
                .param(username).query(Long.class).optional()
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    /**
     * Claims a name for a user whose (inactive) row is already written. Two sign-ups racing for one name
     * both try the same INSERT; the primary key lets exactly one through, the other gets 0 rows and loses.
     * A claim can also be left behind by a sign-up that died between claiming and activating: once it is
     * {@link #STALE_AFTER} old, it is taken over, but only after fencing its user row (see {@link #takeOver}).
     */
    public boolean claim(String username, long userId) {
        ShardRouter.Shard shard = shardFor(username);
        for (int attempt = 0; attempt < 3; attempt++) {
            int inserted = shard.jdbc().sql("INSERT INTO usernames (username, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .param(username).param(userId).update();
            if (inserted == 1) {
                return true;
            }
            record Claim(long userId, boolean stale) {
            }
            Optional<Claim> holder = shard.jdbc().sql("""
                            SELECT user_id, claimed_at < now() - CAST(? AS interval) AS stale
                            FROM usernames WHERE username = ?
                            """)
                    .param(STALE_AFTER).param(username)
                    .query((rs, n) -> new Claim(rs.getLong("user_id"), rs.getBoolean("stale"))).optional();
            if (holder.isEmpty()) {
                continue; // released in between (a failed sign-up cleaning up): try again
            }
            return holder.get().stale() && takeOver(shard, username, holder.get().userId(), userId);
        }
        return false;
    }

    /**
     * A stale claim's holder may be dead, or only very slow. Deleting its inactive row fences it: its
     * activation is {@code UPDATE users SET active = true WHERE id = ?}, and Postgres orders that UPDATE and
     * this DELETE on the same row, so either it activated first (the name is really taken, we lose) or its
     * row is gone and its activation finds nothing (it answers 409 instead of us). Then a compare-and-set
     * moves the claim, so of several takers only one wins.
     */
    private boolean takeOver(ShardRouter.Shard indexShard, String username, long holder, long userId) {
        ShardRouter.Shard holderShard = shards.forId(holder);
        holderShard.jdbc().sql("DELETE FROM users WHERE id = ? AND NOT active").param(holder).update();
        boolean holderActive = holderShard.jdbc().sql("SELECT active FROM users WHERE id = ?")
                .param(holder).query(Boolean.class).optional().orElse(false);
        if (holderActive) {
            return false;
        }
        return indexShard.jdbc().sql("UPDATE usernames SET user_id = ?, claimed_at = now() WHERE username = ? AND user_id = ?")
                .param(userId).param(username).param(holder).update() == 1;
    }

    /** Gives a claim back (a sign-up that failed after claiming); only the holder's own claim. */
    public void release(String username, long userId) {
        shardFor(username).jdbc().sql("DELETE FROM usernames WHERE username = ? AND user_id = ?")
                .param(username).param(userId).update();
    }
}
