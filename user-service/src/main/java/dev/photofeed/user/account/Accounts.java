package dev.photofeed.user.account;

import dev.photofeed.common.shard.ShardRouter;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Finds active accounts by name, for logging in: the index names the user, the id names its shard. */
@Component
public class Accounts {

    public record Credentials(long id, String username, String passwordHash) {
    }

    private final ShardRouter shards;
    private final UsernameIndex usernames;

    public Accounts(ShardRouter shards, UsernameIndex usernames) {
        this.shards = shards;
        this.usernames = usernames;
    }

    public Optional<Credentials> byUsername(String username) {
        return Optional.ofNullable(byUsernames(List.of(username)).get(username));
    }

    /** The active accounts among the names, by name: one query per index shard, then one per user shard. */
    public Map<String, Credentials> byUsernames(Collection<String> names) {
        Map<ShardRouter.Shard, List<Long>> byHome = new HashMap<>();
        usernames.findAll(names).values().forEach(id -> byHome.computeIfAbsent(shards.forId(id), s -> new ArrayList<>()).add(id));
        Map<String, Credentials> found = new HashMap<>();
        byHome.forEach((shard, ids) -> shard.jdbc()
                .sql("SELECT id, username, password_hash FROM users WHERE id = ANY(?) AND active")
                .param(ids.stream().mapToLong(Long::longValue).toArray())
                .query((rs, n) -> new Credentials(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash")))
                .list().forEach(c -> found.put(c.username(), c)));
        return found;
    }
}
