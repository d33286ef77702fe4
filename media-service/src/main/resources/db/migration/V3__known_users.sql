-- Users media-service has heard of (user-created events, and every uploader), on the user's shard: so that
-- a user's photos answer 404 for a user who does not exist, without asking user-service on every read.
CREATE TABLE known_users (
    id bigint PRIMARY KEY
);
