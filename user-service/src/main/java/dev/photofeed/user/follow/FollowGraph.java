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
        if (followerId == followeeId) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "self-follow", "a user cannot follow themselves");
        }
        Profile followee = profiles.require(followeeId);
        change(profiles.require(followerId), followeeId, true, jdbc -> jdbc.sql("""
                        INSERT INTO following (follower_id, followee_id, active, version, followee_username, followee_display_name)
                        VALUES (?, ?, true, 1, ?, ?)
                        ON CONFLICT (follower_id, followee_id) DO UPDATE SET active = true, version = following.version + 1
                        WHERE NOT following.active
                        RETURNING version
                        """)
                .param(followerId).param(followeeId).param(followee.username()).param(followee.displayName()));
    }

    /** Unfollowing someone not followed (or unknown) changes nothing and is not an error. */
    public void unfollow(long followerId, long followeeId) {
        change(profiles.require(followerId), followeeId, false, jdbc -> jdbc.sql("""
                        UPDATE following SET active = false, version = version + 1
                        WHERE follower_id = ? AND followee_id = ? AND active
                        RETURNING version
                        """)
                .param(followerId).param(followeeId));
    }

    /** Step 1: {@code edge} returns the edge's new version only when its state really changed. */
    private void change(Profile follower, long followeeId, boolean following, Function<JdbcClient, JdbcClient.StatementSpec> edge) {
        long followerId = Long.parseLong(follower.id());
        ShardRouter.Shard home = shards.forId(followerId);
        home.transactions().executeWithoutResult(tx -> {
            List<Long> version = edge.apply(home.jdbc()).query(Long.class).list();
            if (version.isEmpty()) {
                return; // already in that state: idempotent
            }
            home.jdbc().sql("UPDATE users SET following_count = following_count + ? WHERE id = ?")
                    .param(following ? 1 : -1).param(followerId).update();
            outbox.append(home.jdbc(), kafka.topic(KafkaNames.USER_EVENTS), follower.id(),
                    following ? UserEventTypes.USER_FOLLOWED : UserEventTypes.USER_UNFOLLOWED,
                    new FollowChanged(follower.id(), PhotofeedId.format(followeeId), following, version.getFirst(),
                            follower.username(), follower.displayName()));
            profiles.invalidate(followerId);
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
