package dev.photofeed.user.account;

import dev.photofeed.common.id.IdGenerator;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.outbox.OutboxWriter;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.user.event.UserCreated;
import dev.photofeed.user.event.UserEventTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Creates an account across two shards with no distributed transaction, in three steps:
 * <ol>
 * <li>write the user row, inactive, on the shard its new id names (invisible to every reader);</li>
 * <li>claim the name in the {@link UsernameIndex} (the race between sign-ups is decided here);</li>
 * <li>activate the row and write the "user created" event, in one transaction on the user's shard.</li>
 * </ol>
 * A sign-up that loses the name, or fails, removes what it wrote. One that dies between the steps leaves an
 * inactive row (never shown) and perhaps a claim, which a later sign-up for the name takes over.
 */
@Service
public class SignUp {

    private static final Logger log = LoggerFactory.getLogger(SignUp.class);

    private final ShardRouter shards;
    private final IdGenerator ids;
    private final UsernameIndex usernames;
    private final Passwords passwords;
    private final OutboxWriter outbox;
    private final KafkaNames kafka;

    public SignUp(ShardRouter shards, IdGenerator ids, UsernameIndex usernames, Passwords passwords, OutboxWriter outbox,
                  KafkaNames kafka) {
        this.shards = shards;
        this.ids = ids;
        this.usernames = usernames;
        this.passwords = passwords;
        this.outbox = outbox;
        this.kafka = kafka;
    }

    public UserSummary create(SignUpRequest request) {
        String hash = passwords.hash(request.password()); // slow on purpose: outside any transaction
        long id = ids.nextOnAnyShard();
        ShardRouter.Shard home = shards.forId(id);
        home.jdbc().sql("INSERT INTO users (id, username, display_name, password_hash) VALUES (?, ?, ?, ?)")
                .param(id).param(request.username()).param(request.displayName()).param(hash).update();
        boolean claimed = false;
        try {
            claimed = usernames.claim(request.username(), id);
            if (claimed && activate(home, id, request)) {
                return new UserSummary(PhotofeedId.format(id), request.username(), request.displayName());
            }
        } catch (RuntimeException e) {
            cleanUp(home, id, request.username(), claimed);
            throw e;
        }
        cleanUp(home, id, request.username(), claimed);
        throw new ApiException(HttpStatus.CONFLICT, "username-taken", "username " + request.username() + " is taken");
    }

    /** False when a later sign-up fenced this one (deleted its row, believing it dead). */
    private boolean activate(ShardRouter.Shard home, long id, SignUpRequest request) {
        return Boolean.TRUE.equals(home.transactions().execute(tx -> {
            if (home.jdbc().sql("UPDATE users SET active = true WHERE id = ?").param(id).update() == 0) {
                return false;
            }
            outbox.append(home.jdbc(), kafka.topic(KafkaNames.USER_EVENTS), PhotofeedId.format(id), UserEventTypes.USER_CREATED,
                    new UserCreated(PhotofeedId.format(id), request.username(), request.displayName()));
            return true;
        }));
    }

    /** Removes the inactive row and the claim, if it holds one; an active row is never touched. */
    private void cleanUp(ShardRouter.Shard home, long id, String username, boolean claimed) {
        try {
            int deleted = home.jdbc().sql("DELETE FROM users WHERE id = ? AND NOT active").param(id).update();
            if (claimed && deleted == 1) {
                usernames.release(username, id);
            }
        } catch (RuntimeException e) {
            log.warn("sign-up {}: clean-up failed, a later sign-up takes the claim over: {}", id, e.getMessage());
        }
    }
}
