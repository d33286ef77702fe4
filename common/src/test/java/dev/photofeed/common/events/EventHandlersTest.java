package dev.photofeed.common.events;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The envelope read once, typed dispatch by type, and what makes an event poison (pure logic: no broker). */
class EventHandlersTest {

    record Posted(String photoId) {
        Posted {
            if (photoId == null || photoId.isEmpty()) {
                throw new IllegalArgumentException("photoId is required");
            }
        }
    }

    private final List<Event<Posted>> applied = new ArrayList<>();
    private final EventHandlers handlers = EventHandlers.with(JsonMapper.builder().build())
            .on("photo-posted", Posted.class, applied::add);

    @Test
    void aHandledTypeReachesItsHandlerAsItsRecordWithTheEnvelope() {
        UUID id = UUID.randomUUID();
        handlers.handle(record("{\"eventId\":\"%s\",\"type\":\"photo-posted\",\"occurredAt\":\"2026-01-02T03:04:05Z\",\"photoId\":\"7\",\"extra\":1}"
                .formatted(id)));

        assertThat(applied).containsExactly(new Event<>(id, "photo-posted", Instant.parse("2026-01-02T03:04:05Z"), new Posted("7")));
    }

    @Test
    void aTypeWithNoHandlerIsPassedOver() {
        handlers.handle(record(event("photo-updated", "\"photoId\":\"7\"")));

        assertThat(applied).isEmpty();
    }

    @Test
    void whatCannotBeReadIsPoison() {
        poison(null, "empty record");
        poison("{not json", "not JSON");
        poison("[1]", "not a JSON object");
        poison("{\"type\":\"photo-posted\",\"occurredAt\":\"2026-01-02T03:04:05Z\"}", "missing eventId");
        poison("{\"eventId\":\"x\",\"type\":\"photo-posted\",\"occurredAt\":\"2026-01-02T03:04:05Z\"}", "eventId is not a UUID");
        poison("{\"eventId\":\"%s\",\"type\":\"photo-posted\",\"occurredAt\":\"yesterday\"}".formatted(UUID.randomUUID()), "occurredAt is not an instant");
        poison(event("photo-posted", "\"photoId\":{\"nested\":true}"), "photo-posted: ");
        poison(event("photo-posted", "\"other\":1"), "photoId is required");
        assertThat(applied).isEmpty();
    }

    private void poison(String value, String reason) {
        assertThatThrownBy(() -> handlers.handle(record(value))).isInstanceOf(PoisonEvent.class).hasMessageContaining(reason);
    }

    private static String event(String type, String fields) {
        return "{\"eventId\":\"%s\",\"type\":\"%s\",\"occurredAt\":\"%s\",%s}".formatted(UUID.randomUUID(), type, Instant.now(), fields);
    }

    private static ConsumerRecord<String, String> record(String value) {
        return new ConsumerRecord<>("photo-events", 0, 0, "owner", value);
    }
}
