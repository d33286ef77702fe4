-- A photo's metadata, on its owner's shard (the id names the owner's logical shard).
CREATE TABLE photos (
    id          bigint      PRIMARY KEY,
    owner_id    bigint      NOT NULL,
    caption     text        NOT NULL,
    media_type  text        NOT NULL,
    width       integer     NOT NULL,
    height      integer     NOT NULL,
    size_bytes  bigint      NOT NULL,
    sha256      text        NOT NULL,
    created_at  timestamptz NOT NULL
);
-- a user's photos, newest first
CREATE INDEX photos_by_owner ON photos (owner_id, id DESC);

-- Written before a blob is stored, removed in the transaction that inserts the photo: a row left here
-- names a blob whose photo never committed, and the sweeper deletes it.
CREATE TABLE pending_uploads (
    id          bigint      PRIMARY KEY,
    created_at  timestamptz NOT NULL DEFAULT now()
);
