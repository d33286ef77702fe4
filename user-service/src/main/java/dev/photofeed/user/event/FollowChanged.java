package dev.photofeed.user.event;

/**
 * {@code user-followed} / {@code user-unfollowed}, keyed by the follower's id (whose timeline changes).
 * {@code version} counts the edge's changes on the follower's shard: applying a version that is not newer
 * than the one already applied changes nothing, so duplicates and replays are harmless.
 */
public record FollowChanged(String followerId, String followeeId, boolean following, long version,
                            String followerUsername, String followerDisplayName) {
}
