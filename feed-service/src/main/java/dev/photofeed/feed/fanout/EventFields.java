package dev.photofeed.feed.fanout;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reading an event's fields, where anything absent or malformed makes the event poison. */
final class EventFields {

    private EventFields() {
    }

    static JsonNode parse(JsonMapper json, String value) {
        if (value == null) {
            throw new PoisonEvent("empty record");
        }
        try {
            JsonNode event = json.readTree(value);
            if (!event.isObject()) {
                throw new PoisonEvent("not a JSON object");
            }
            return event;
        } catch (JacksonException e) {
            throw new PoisonEvent("not JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode event, String field) {
        String value = event.path(field).asString("");
        if (value.isEmpty()) {
            throw new PoisonEvent("missing " + field);
        }
        return value;
    }

    static long id(JsonNode event, String field) {
        try {
            return Long.parseLong(text(event, field));
        } catch (NumberFormatException e) {
            throw new PoisonEvent(field + " is not an id");
        }
    }

    static Instant instant(JsonNode event, String field) {
        try {
            return Instant.parse(text(event, field));
        } catch (DateTimeParseException e) {
            throw new PoisonEvent(field + " is not an instant");
        }
    }
}
