package dev.photofeed.common.outbox;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The write side of the transactional outbox: an event goes into the {@code outbox} table in the same shard
 * transaction as the change it describes, so either both happen or neither (no "row written, event lost",
 * no "event sent, row rolled back"). The {@link OutboxRelay} publishes it later.
 *
 * <p>The payload is the event record as JSON with {@code eventId} (a random UUID, unique per event, so
 * consumers can drop the duplicates that at-least-once delivery brings), {@code type} and
 * {@code occurredAt} added.
 *
 * <p>The row also keeps the current trace ({@code traceparent}, when the OpenTelemetry agent traces the request),
 * so the relay publishes the event inside the trace of the request that caused it: one trace from the upload
 * through Kafka to the consumers.
 */
public final class OutboxWriter {

    private final JsonMapper json;
    private final Runnable afterCommit;

    /** {@code afterCommit} wakes the relay, so an event leaves without waiting for the next poll. */
    public OutboxWriter(JsonMapper json, Runnable afterCommit) {
        this.json = json;
        this.afterCommit = afterCommit;
    }

    /** One event to append: its Kafka key, its type, and the record that becomes its payload. */
    public record Event(String key, String type, Object body) {
    }

    /** Appends an event; call it inside the transaction (on {@code jdbc}'s shard) that makes the change. */
    public UUID append(JdbcClient jdbc, String topic, String key, String type, Object event) {
        return appendAll(jdbc, topic, List.of(new Event(key, type, event))).getFirst();
    }

    /**
     * Appends events in one statement (a batch of sign-ups writes hundreds), in order; call it inside the
     * transaction that makes the change. Returns their event ids.
     */
    public List<UUID> appendAll(JdbcClient jdbc, String topic, List<Event> events) {
        String occurredAt = Instant.now().toString();
        UUID[] eventIds = new UUID[events.size()];
        String[] keys = new String[events.size()];
        String[] types = new String[events.size()];
        String[] payloads = new String[events.size()];
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            eventIds[i] = UUID.randomUUID();
            keys[i] = event.key();
            types[i] = event.type();
            ObjectNode payload = json.createObjectNode()
                    .put("eventId", eventIds[i].toString())
                    .put("type", event.type())
                    .put("occurredAt", occurredAt);
            payload.setAll((ObjectNode) json.valueToTree(event.body()));
            payloads[i] = json.writeValueAsString(payload);
        }
        jdbc.sql("""
                        INSERT INTO outbox (topic, event_key, event_id, event_type, payload, trace_parent)
                        SELECT ?, e.key, e.id::uuid, e.type, e.payload, ?
                        FROM unnest(?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY AS e(key, id, type, payload, n)
                        ORDER BY e.n
                        """)
                .param(topic).param(traceParent())
                .param(keys).param(Arrays.stream(eventIds).map(UUID::toString).toArray(String[]::new)).param(types).param(payloads)
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    OutboxWriter.this.afterCommit.run();
                }
            });
        }
        return List.of(eventIds);
    }

    /** The current trace as a W3C {@code traceparent}, or null when none is active. */
    private static String traceParent() {
        java.util.Map<String, String> carrier = new java.util.HashMap<>(2);
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, java.util.Map::put);
        return carrier.get("traceparent");
    }
}
