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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.function.Predicate.not;

/**
 * Creates accounts across shards with no distributed transaction, in three steps:
 * <ol>
 * <li>write the user rows, inactive, on the shards their new ids name (invisible to every reader);</li>
 * <li>claim the names in the {@link UsernameIndex} (the race between sign-ups is decided here);</li>
 * <li>activate the rows and write their "user created" events, in one transaction per user shard.</li>
 * </ol>
 * A sign-up that loses a name, or fails, removes what it wrote. One that dies between the steps leaves
 * inactive rows (never shown) and perhaps claims, which a later sign-up for a name takes over.
 *
 * <p>One piece serves the public sign-up (a batch of one) and the seeding endpoint's batches of hundreds: each
 * step is one statement per shard whatever the batch size, so a batch costs about what a single sign-up does.
 */
@Service
public class SignUp {

    private static final Logger log = LoggerFactory.getLogger(SignUp.class);

    /** An account to create; its password hash is given with the batch. */
    public record NewAccount(String username, String displayName) {
    }

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
        long id = createAll(List.of(new NewAccount(request.username(), request.displayName())), hash)[0];
        return new UserSummary(PhotofeedId.format(id), request.username(), request.displayName());
    }

    /**
     * Creates the accounts (at most 1024, distinct names), all with one password hash, and returns their ids in
     * order. If a name is taken, none is created: 409 naming the names lost. Only a sign-up fenced between its
     * steps (see {@link UsernameIndex#claimAll}) can find some shards already activated; those accounts stay.
     */
    public long[] createAll(List<NewAccount> accounts, String passwordHash) {
        long[] newIds = ids.nextOnAnyShards(accounts.size());
        Map<String, Long> claims = new LinkedHashMap<>();
        Map<ShardRouter.Shard, List<Integer>> byHome = new HashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            claims.put(accounts.get(i).username(), newIds[i]);
            byHome.computeIfAbsent(shards.forId(newIds[i]), s -> new ArrayList<>()).add(i);
        }
        Set<String> claimed = Set.of();
        Set<String> lost = new HashSet<>();
        try {
            byHome.forEach((home, rows) -> insertInactive(home, rows, accounts, newIds, passwordHash));
            claimed = usernames.claimAll(claims);
            if (claimed.size() < accounts.size()) {
                claims.keySet().stream().filter(not(claimed::contains)).forEach(lost::add);
            } else {
                byHome.forEach((home, rows) -> lost.addAll(activate(home, rows, accounts, newIds)));
            }
            if (lost.isEmpty()) {
                return newIds;
            }
        } catch (RuntimeException e) {
            cleanUp(byHome, newIds, claims, claimed);
            throw e;
        }
        cleanUp(byHome, newIds, claims, claimed);
        List<String> names = claims.keySet().stream().filter(lost::contains).toList();
        throw new ApiException(HttpStatus.CONFLICT, "username-taken", names.size() == 1
                ? "username " + names.getFirst() + " is taken" : "usernames " + String.join(", ", names) + " are taken");
    }

    private void insertInactive(ShardRouter.Shard home, List<Integer> rows, List<NewAccount> accounts, long[] newIds, String passwordHash) {
        home.jdbc().sql("""
                        INSERT INTO users (id, username, display_name, password_hash)
                        SELECT id, username, display_name, ? FROM unnest(?::bigint[], ?::text[], ?::text[]) AS t(id, username, display_name)
                        """)
                .param(passwordHash)
                .param(rows.stream().mapToLong(i -> newIds[i]).toArray())
                .param(rows.stream().map(i -> accounts.get(i).username()).toArray(String[]::new))
                .param(rows.stream().map(i -> accounts.get(i).displayName()).toArray(String[]::new))
                .update();
    }

    /**
     * Activates one shard's rows with their events; returns the names not activated because a later sign-up
     * fenced them (deleted their rows, believing them dead).
     */
    private Set<String> activate(ShardRouter.Shard home, List<Integer> rows, List<NewAccount> accounts, long[] newIds) {
        return home.transactions().execute(tx -> {
            Set<Long> activated = new HashSet<>(home.jdbc().sql("UPDATE users SET active = true WHERE id = ANY(?) RETURNING id")
                    .param(rows.stream().mapToLong(i -> newIds[i]).toArray()).query(Long.class).list());
            List<OutboxWriter.Event> events = new ArrayList<>();
            Set<String> fenced = new HashSet<>();
            for (int i : rows) {
                NewAccount account = accounts.get(i);
                String id = PhotofeedId.format(newIds[i]);
                if (activated.contains(newIds[i])) {
                    events.add(new OutboxWriter.Event(id, UserEventTypes.USER_CREATED, new UserCreated(id, account.username(), account.displayName())));
                } else {
                    fenced.add(account.username());
                }
            }
            if (!events.isEmpty()) {
                outbox.appendAll(home.jdbc(), kafka.topic(KafkaNames.USER_EVENTS), events);
            }
            return fenced;
        });
    }

    /** Removes the inactive rows and the claims held for them; an active row is never touched. */
    private void cleanUp(Map<ShardRouter.Shard, List<Integer>> byHome, long[] newIds, Map<String, Long> claims, Set<String> claimed) {
        try {
            Set<Long> deleted = new HashSet<>();
            byHome.forEach((home, rows) -> deleted.addAll(home.jdbc().sql("DELETE FROM users WHERE id = ANY(?) AND NOT active RETURNING id")
                    .param(rows.stream().mapToLong(i -> newIds[i]).toArray()).query(Long.class).list()));
            Map<String, Long> release = new HashMap<>();
            claims.forEach((name, id) -> {
                if (claimed.contains(name) && deleted.contains(id)) {
                    release.put(name, id);
                }
            });
            usernames.releaseAll(release);
        } catch (RuntimeException e) {
            log.warn("sign-up of {} account(s): clean-up failed, a later sign-up takes the claims over: {}", claims.size(), e.getMessage());
        }
    }
}
