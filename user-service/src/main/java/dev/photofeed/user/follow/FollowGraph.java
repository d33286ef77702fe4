package dev.photofeed.user.follow;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.outbox.OutboxWriter;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.common.web.Cursors;
import dev.photofeed.common.web.Page;
import dev.photofeed.user.account.UserSummary;
import dev.photofeed.user.event.FollowChanged;
import dev.photofeed.user.event.UserEventTypes;
import dev.photofeed.user.profile.Profile;
import dev.photofeed.user.profile.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.function.Function;

/**
 * The follow graph, each edge stored on both users' shards with no distributed transaction:
 * <ol>
 * <li>the request changes {@code following} on the follower's shard, bumps the follower's count and writes
 * a {@link FollowChanged} event to the outbox, all in one transaction;</li>
 * <li>the relay publishes the event to {@code user-events} (at-least-once);</li>
 * <li>{@link #apply} writes {@code followers} on the followee's shard and bumps the followee's count, once
 * per version, whatever the duplicates or the order of arrival.</li>
 * </ol>
 * So a crash anywhere only delays step 3, never loses it, and counts stay exact: a count moves only when an
 * edge's state really changes, on each side. The followee's side lags by the relay's delay (milliseconds).
 */
@Service
public class FollowGraph {

    private final ShardRouter shards;
    private final Profiles profiles;
    private final OutboxWriter outbox;
    private final KafkaNames kafka;

    public FollowGraph(ShardRouter shards, Profiles profiles, OutboxWriter outbox, KafkaNames kafka) {
        this.shards = shards;
        this.profiles = profiles;
        this.outbox = outbox;
        this.kafka = kafka;
    }

    public void follow(long followerId, long followeeId) {
        followAll(followerId, List.of(followeeId));
    }

    /**
     * Step 1 for several followees of one follower at once: one transaction on the follower's shard with one
     * statement for the edges, one count update and an event per edge that changed. The seeder fills a follow
     * graph this way (a user's list a call); the rest of the pipeline sees the same events one-by-one follows
     * make. Every followee must exist, or nothing is written; one named twice is followed once. Returns how many
     * edges changed.
     */
    public int followAll(long followerId, List<Long> followeeIds) {
        if (followeeIds.contains(followerId)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "self-follow", "a user cannot follow themselves");
        }
        // distinct: one statement cannot insert the same edge twice
        List<Profile> followees = profiles.requireAll(followeeIds.stream().distinct().toList());
        return change(profiles.require(followerId), true, jdbc -> jdbc.sql("""
                        INSERT INTO following (follower_id, followee_id, active, version, followee_username, followee_display_name)
                        SELECT ?, e.id, true, 1, e.username, e.display_name
                        FROM unnest(?::bigint[], ?::text[], ?::text[]) AS e(id, username, display_name)
                        ON CONFLICT (follower_id, followee_id) DO UPDATE SET active = true, version = following.version + 1
                        WHERE NOT following.active
                        RETURNING followee_id, version
                        """)
                .param(followerId)
                .param(followees.stream().map(f -> Long.parseLong(f.id())).toArray(Long[]::new))
                .param(followees.stream().map(Profile::username).toArray(String[]::new))
                .param(followees.stream().map(Profile::displayName).toArray(String[]::new)));
    }

    /** Unfollowing someone not followed (or unknown) changes nothing and is not an error. */
    public void unfollow(long followerId, long followeeId) {
        change(profiles.require(followerId), false, jdbc -> jdbc.sql("""
                        UPDATE following SET active = false, version = version + 1
                        WHERE follower_id = ? AND followee_id = ? AND active
                        RETURNING followee_id, version
                        """)
                .param(followerId).param(followeeId));
    }

    /**
     * Step 1: {@code edges} changes the follower's edges and returns (followee id, new version) for each edge
     * whose state really changed; with the follower's count and an event per changed edge, in one transaction.
     */
    private int change(Profile follower, boolean following, Function<JdbcClient, JdbcClient.StatementSpec> edges) {
        long followerId = Long.parseLong(follower.id());
        ShardRouter.Shard home = shards.forId(followerId);
        return home.transactions().execute(tx -> {
            record Changed(long followeeId, long version) {
            }
            List<Changed> changed = edges.apply(home.jdbc()).query((rs, n) -> new Changed(rs.getLong(1), rs.getLong(2))).list();
            if (changed.isEmpty()) {
                return 0; // already in that state: idempotent
            }
            home.jdbc().sql("UPDATE users SET following_count = following_count + ? WHERE id = ?")
                    .param(following ? changed.size() : -changed.size()).param(followerId).update();
            String type = following ? UserEventTypes.USER_FOLLOWED : UserEventTypes.USER_UNFOLLOWED;
            outbox.appendAll(home.jdbc(), kafka.topic(KafkaNames.USER_EVENTS), changed.stream().map(edge -> new OutboxWriter.Event(
                    follower.id(), type, new FollowChanged(follower.id(), PhotofeedId.format(edge.followeeId()), following,
                            edge.version(), follower.username(), follower.displayName()))).toList());
            profiles.invalidate(followerId);
            return changed.size();
        });
    }

    /**
     * Step 3, idempotent: the row is made if missing (inactive, version 0) and locked, so concurrent applies
     * of one edge take turns; a version not newer than the row's is a duplicate or overtaken, and ignored.
     */
    public void apply(FollowChanged event) {
        long followeeId = Long.parseLong(event.followeeId());
        long followerId = Long.parseLong(event.followerId());
        ShardRouter.Shard shard = shards.forId(followeeId);
        shard.transactions().executeWithoutResult(tx -> {
            shard.jdbc().sql("""
                            INSERT INTO followers (followee_id, follower_id, active, version, follower_username, follower_display_name)
                            VALUES (?, ?, false, 0, ?, ?) ON CONFLICT DO NOTHING
                            """)
                    .param(followeeId).param(followerId).param(event.followerUsername()).param(event.followerDisplayName())
                    .update();
            record Edge(boolean active, long version) {
            }
            Edge edge = shard.jdbc().sql("SELECT active, version FROM followers WHERE followee_id = ? AND follower_id = ? FOR UPDATE")
                    .param(followeeId).param(followerId)
                    .query((rs, n) -> new Edge(rs.getBoolean("active"), rs.getLong("version"))).single();
            if (event.version() <= edge.version()) {
                return;
            }
            shard.jdbc().sql("UPDATE followers SET active = ?, version = ? WHERE followee_id = ? AND follower_id = ?")
                    .param(event.following()).param(event.version()).param(followeeId).param(followerId).update();
            if (edge.active() != event.following()) {
                shard.jdbc().sql("UPDATE users SET follower_count = follower_count + ? WHERE id = ?")
                        .param(event.following() ? 1 : -1).param(followeeId).update();
                profiles.invalidate(followeeId);
            }
        });
    }

    /** Who follows a user, by follower id: one shard, one index range. */
    public Page<UserSummary> followers(long userId, int limit, String cursor) {
        return summaries(userId, limit, cursor, """
                SELECT follower_id, follower_username, follower_display_name FROM followers
                WHERE followee_id = ? AND active AND follower_id > ? ORDER BY follower_id LIMIT ?
                """);
    }

    /** Whom a user follows, by followee id: one shard, one index range. */
    public Page<UserSummary> following(long userId, int limit, String cursor) {
        return summaries(userId, limit, cursor, """
                SELECT followee_id, followee_username, followee_display_name FROM following
                WHERE follower_id = ? AND active AND followee_id > ? ORDER BY followee_id LIMIT ?
                """);
    }

    /** A page from a query of (other user's id, username, display name) after a cursor; names are copied in. */
    private Page<UserSummary> summaries(long userId, int limit, String cursor, String query) {
        profiles.require(userId);
        List<UserSummary> rows = shards.forId(userId).jdbc().sql(query)
                .param(userId).param(Cursors.decode(cursor, 0)).param(limit + 1)
                .query((rs, n) -> new UserSummary(PhotofeedId.format(rs.getLong(1)), rs.getString(2), rs.getString(3)))
                .list();
        return Page.of(rows, limit, r -> r, r -> Cursors.encode(Long.parseLong(r.id())));
    }

    /** Follower ids only, in big pages, for fan-out: an index-only range scan, nothing to join. */
    public Page<String> followerIds(long userId, int limit, String cursor) {
        profiles.require(userId);
        List<Long> ids = shards.forId(userId).jdbc().sql("""
                        SELECT follower_id FROM followers
                        WHERE followee_id = ? AND active AND follower_id > ? ORDER BY follower_id LIMIT ?
                        """)
                .param(userId).param(Cursors.decode(cursor, 0)).param(limit + 1)
                .query(Long.class).list();
        return Page.of(ids, limit, PhotofeedId::format, Cursors::encode);
    }
}
