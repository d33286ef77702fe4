-- The transactional outbox (see OutboxWriter, OutboxRelay): events written in the same transaction as the
-- change they describe, relayed to Kafka and deleted once the broker has acknowledged them.
CREATE TABLE outbox (
    id          bigserial   PRIMARY KEY,
    topic       text        NOT NULL,
    event_key   text        NOT NULL,
    event_id    uuid        NOT NULL,
    event_type  text        NOT NULL,
    payload     text        NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
