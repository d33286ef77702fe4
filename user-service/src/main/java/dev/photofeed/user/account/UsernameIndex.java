package dev.photofeed.user.account;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** Which users the names belong to (the names that have a claim): one query per index shard. */
    public Map<String, Long> findAll(Collection<String> names) {
        Map<String, Long> found = new HashMap<>();
        byIndexShard(names).forEach((shard, onShard) -> shard.jdbc()
                .sql("SELECT username, user_id FROM usernames WHERE username = ANY(?)")
                .param(onShard.toArray(String[]::new))
                .query((rs, n) -> found.put(rs.getString("username"), rs.getLong("user_id"))).list());
        return found;
    }

    /**
     * Claims names for users whose (inactive) rows are already written, and returns the names now held. Two
     * sign-ups racing for one name both try the same INSERT; the primary key lets exactly one through, the
     * other gets no row back and loses. One INSERT per index shard claims all the free names of a batch;
     * only a name someone holds costs more (see {@link #claimHeld}).
     */
    public Set<String> claimAll(Map<String, Long> claims) {
        Set<String> won = new HashSet<>();
        byIndexShard(claims.keySet()).forEach((shard, names) -> won.addAll(shard.jdbc().sql("""
                        INSERT INTO usernames (username, user_id) SELECT * FROM unnest(?::text[], ?::bigint[])
                        ON CONFLICT DO NOTHING RETURNING username
                        """)
                .param(names.toArray(String[]::new)).param(names.stream().mapToLong(claims::get).toArray())
                .query(String.class).list()));
        claims.forEach((name, userId) -> {
            if (!won.contains(name) && claimHeld(shardFor(name), name, userId)) {
                won.add(name);
            }
        });
        return won;
    }

    /**
     * A name whose INSERT found a claim. The claim may be left by a sign-up that died between claiming and
     * activating: once it is {@link #STALE_AFTER} old, it is taken over, but only after fencing its user row
     * (see {@link #takeOver}). If it was released in between (a failed sign-up cleaning up), claim again.
     */
    private boolean claimHeld(ShardRouter.Shard shard, String username, long userId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            record Claim(long userId, boolean stale) {
            }
            Optional<Claim> holder = shard.jdbc().sql("""
                            SELECT user_id, claimed_at < now() - CAST(? AS interval) AS stale
                            FROM usernames WHERE username = ?
                            """)
                    .param(STALE_AFTER).param(username)
                    .query((rs, n) -> new Claim(rs.getLong("user_id"), rs.getBoolean("stale"))).optional();
            if (holder.isPresent()) {
                return holder.get().stale() && takeOver(shard, username, holder.get().userId(), userId);
            }
            int inserted = shard.jdbc().sql("INSERT INTO usernames (username, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                    .param(username).param(userId).update();
            if (inserted == 1) {
                return true;
            }
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

    /** Gives claims back (a sign-up that failed after claiming); only each holder's own claim. */
    public void releaseAll(Map<String, Long> claims) {
        byIndexShard(claims.keySet()).forEach((shard, names) -> shard.jdbc().sql("""
                        DELETE FROM usernames WHERE (username, user_id) IN (SELECT * FROM unnest(?::text[], ?::bigint[]))
                        """)
                .param(names.toArray(String[]::new)).param(names.stream().mapToLong(claims::get).toArray())
                .update());
    }

    private Map<ShardRouter.Shard, List<String>> byIndexShard(Collection<String> names) {
        Map<ShardRouter.Shard, List<String>> grouped = new HashMap<>();
        names.forEach(name -> grouped.computeIfAbsent(shardFor(name), s -> new ArrayList<>()).add(name));
        return grouped;
    }
}
