package dev.photofeed.common.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * One event as the outbox wrote it ({@code OutboxWriter}): a JSON object whose {@code eventId} (unique, for
 * dropping duplicates), {@code type} and {@code occurredAt} are read here, once, and whose other fields are
 * the {@code body}. A record without them is a {@link PoisonEvent}. The trace needs no field: it travels in the
 * record's {@code traceparent} header, which the OpenTelemetry agent continues into the listener.
 */
public record Event<T>(UUID id, String type, Instant occurredAt, T body) {

    static Event<JsonNode> read(JsonMapper json, ConsumerRecord<?, String> record) {
        if (record.value() == null) {
            throw new PoisonEvent("empty record");
        }
        JsonNode event;
        try {
            event = json.readTree(record.value());
        } catch (JacksonException e) {
            throw new PoisonEvent("not JSON: " + e.getOriginalMessage());
        }
        if (!event.isObject()) {
            throw new PoisonEvent("not a JSON object");
        }
        try {
            return new Event<>(UUID.fromString(required(event, "eventId")), required(event, "type"),
                    Instant.parse(required(event, "occurredAt")), event);
        } catch (IllegalArgumentException e) {
            throw new PoisonEvent("eventId is not a UUID");
        } catch (DateTimeParseException e) {
            throw new PoisonEvent("occurredAt is not an instant");
        }
    }

    private static String required(JsonNode event, String field) {
        String value = event.path(field).asString("");
        if (value.isEmpty()) {
            throw new PoisonEvent("missing " + field);
        }
        return value;
    }

    <U> Event<U> withBody(U body) {
        return new Event<>(id, type, occurredAt, body);
    }
}
