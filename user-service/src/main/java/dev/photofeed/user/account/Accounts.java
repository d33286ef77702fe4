package dev.photofeed.user.account;

import dev.photofeed.common.shard.ShardRouter;
import org.springframework.stereotype.Component;

import java.util.Optional;
import java.util.OptionalLong;

/** Finds an active account by name, for logging in: the index names the user, the id names its shard. */
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
        OptionalLong id = usernames.find(username);
        if (id.isEmpty()) {
            return Optional.empty();
        }
        return shards.forId(id.getAsLong()).jdbc()
                .sql("SELECT id, username, password_hash FROM users WHERE id = ? AND active")
                .param(id.getAsLong())
                .query((rs, n) -> new Credentials(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash")))
                .optional();
    }
}
