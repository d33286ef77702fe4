-- The follow graph, stored twice so that each list is a single-shard read:
-- "following" on the follower's shard (the source of truth, written by the request), "followers" on the
-- followee's shard (applied from the user-events log). A row is kept after an unfollow (active = false)
-- so that its version keeps counting up: an apply with an older version than the row's is a stale
-- duplicate and is ignored. The other user's name is copied in, so a page needs no other shard.
CREATE TABLE following (
    follower_id           bigint  NOT NULL,
    followee_id           bigint  NOT NULL,
    active                boolean NOT NULL,
    version               bigint  NOT NULL,
    followee_username     text    NOT NULL,
    followee_display_name text    NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
CREATE INDEX following_active ON following (follower_id, followee_id) WHERE active;

CREATE TABLE followers (
    followee_id           bigint  NOT NULL,
    follower_id           bigint  NOT NULL,
    active                boolean NOT NULL,
    version               bigint  NOT NULL,
    follower_username     text    NOT NULL,
    follower_display_name text    NOT NULL,
    PRIMARY KEY (followee_id, follower_id)
);
CREATE INDEX followers_active ON followers (followee_id, follower_id) WHERE active;
