-- A user lives on the shard its id names. A row is "active" only once its username claim is settled
-- (see SignUp); readers ignore the rest.
CREATE TABLE users (
    id              bigint      PRIMARY KEY,
    username        text        NOT NULL,
    display_name    text        NOT NULL,
    password_hash   text        NOT NULL,
    active          boolean     NOT NULL DEFAULT false,
    follower_count  bigint      NOT NULL DEFAULT 0,
    following_count bigint      NOT NULL DEFAULT 0,
    photo_count     bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- The username index, sharded by the username's hash: which user a name belongs to.
CREATE TABLE usernames (
    username   text        PRIMARY KEY,
    user_id    bigint      NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now()
);
