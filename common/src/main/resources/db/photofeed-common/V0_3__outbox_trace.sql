-- The trace an event was written in (W3C traceparent), so the relay publishes it as part of that trace and the
-- consumer's work joins the request that caused it (see OutboxWriter). Null when nothing was traced.
ALTER TABLE outbox ADD COLUMN trace_parent text;
