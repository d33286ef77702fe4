-- photo-events already counted into users.photo_count, by event id, on the owner's shard: a redelivered
-- event finds its id here and changes nothing.
CREATE TABLE counted_photo_events (
    event_id uuid PRIMARY KEY
);
