-- Outbox rows Kafka refused for good (a record too large, a topic name it rejects), moved aside by the relay so
-- the rows behind them keep moving (see OutboxRelay). Kept with the refusal until someone fixes and re-queues
-- them (docs/architecture.md shows the SQL); the id is the row's id in the outbox.
CREATE TABLE outbox_quarantine (
    id             bigint      PRIMARY KEY,
    topic          text        NOT NULL,
    event_key      text        NOT NULL,
    event_id       uuid        NOT NULL,
    event_type     text        NOT NULL,
    payload        text        NOT NULL,
    trace_parent   text,
    created_at     timestamptz NOT NULL,
    quarantined_at timestamptz NOT NULL DEFAULT now(),
    error          text        NOT NULL
);
