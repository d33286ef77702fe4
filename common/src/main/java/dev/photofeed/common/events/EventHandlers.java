package dev.photofeed.common.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Typed dispatch for one listener: {@code on(type, Body.class, handler)} per event type it applies. A record's
 * envelope is read once ({@link Event}), its body mapped to the handler's record, and types the listener does not
 * handle are passed over. A body that does not map (a field missing or malformed: the record's compact
 * constructor may refuse it too) is a {@link PoisonEvent}; {@code JsonNode.class} takes the body as it is.
 *
 * <pre>{@code
 * handlers = EventHandlers.with(json).on("photo-posted", PhotoChange.class, e -> count(e, 1));
 * }</pre>
 * and the {@code @KafkaListener} method calls {@code handlers.handle(record)}.
 */
public final class EventHandlers {

    private record Handler<T>(Class<T> body, Consumer<Event<T>> apply) {

        void accept(JsonMapper json, Event<JsonNode> event) {
            T body;
            try {
                body = json.treeToValue(event.body(), this.body);
            } catch (JacksonException e) {
                throw new PoisonEvent(event.type() + ": " + e.getOriginalMessage());
            }
            apply.accept(event.withBody(body));
        }
    }

    private final JsonMapper json;
    private final Map<String, Handler<?>> handlers = new HashMap<>();

    private EventHandlers(JsonMapper json) {
        this.json = json;
    }

    public static EventHandlers with(JsonMapper json) {
        return new EventHandlers(json);
    }

    public <T> EventHandlers on(String type, Class<T> body, Consumer<Event<T>> handler) {
        handlers.put(type, new Handler<>(body, handler));
        return this;
    }

    public void handle(ConsumerRecord<?, String> record) {
        Event<JsonNode> event = Event.read(json, record);
        Handler<?> handler = handlers.get(event.type());
        if (handler != null) {
            handler.accept(json, event);
        }
    }
}
