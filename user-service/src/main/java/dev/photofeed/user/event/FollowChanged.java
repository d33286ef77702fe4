package dev.photofeed.user.event;

import dev.photofeed.common.id.PhotofeedId;

/**
 * {@code user-followed} / {@code user-unfollowed}, keyed by the follower's id (whose timeline changes).
 * {@code version} counts the edge's changes on the follower's shard: applying a version that is not newer
 * than the one already applied changes nothing, so duplicates and replays are harmless.
 */
public record FollowChanged(String followerId, String followeeId, Boolean following, long version,
                            String followerUsername, String followerDisplayName) {

    /** An event that breaks these can never be applied: read from the log, it is a poison event. */
    public FollowChanged {
        if (PhotofeedId.parse(followerId).isEmpty() || PhotofeedId.parse(followeeId).isEmpty()) {
            throw new IllegalArgumentException("followerId and followeeId must be ids");
        }
        if (following == null || version <= 0 || followerUsername == null || followerDisplayName == null) {
            throw new IllegalArgumentException("a follow change needs its direction, a version and the follower's names");
        }
    }
}
