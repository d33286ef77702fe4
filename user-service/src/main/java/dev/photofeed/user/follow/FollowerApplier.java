package dev.photofeed.user.follow;

import dev.photofeed.common.events.EventHandlers;
import dev.photofeed.user.event.FollowChanged;
import dev.photofeed.user.event.UserEventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step 3 of a follow: consumes this service's own {@code user-events} and applies each follow change to the
 * followee's shard ({@link FollowGraph#apply}). Offsets are committed after the apply, so a crash means a
 * redelivery, which the apply's version check makes harmless; a shard that is down is retried until it is back.
 */
@Component
class FollowerApplier {

    private final EventHandlers handlers;

    FollowerApplier(FollowGraph graph, JsonMapper json) {
        this.handlers = EventHandlers.with(json)
                .on(UserEventTypes.USER_FOLLOWED, FollowChanged.class, event -> graph.apply(event.body()))
                .on(UserEventTypes.USER_UNFOLLOWED, FollowChanged.class, event -> graph.apply(event.body()));
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('user-events')}", groupId = "#{@kafkaNames.group('user-service-followers')}")
    void onUserEvent(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }
}
