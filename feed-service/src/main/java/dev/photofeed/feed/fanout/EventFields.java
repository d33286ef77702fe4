package dev.photofeed.feed.fanout;

import dev.photofeed.common.events.PoisonEvent;
import tools.jackson.databind.JsonNode;

/** Reading an event body's fields, where anything absent or malformed makes the event poison. */
final class EventFields {

    private EventFields() {
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
}
