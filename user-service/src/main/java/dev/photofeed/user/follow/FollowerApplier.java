package dev.photofeed.user.follow;

import dev.photofeed.user.event.FollowChanged;
import dev.photofeed.user.event.UserEventTypes;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step 3 of a follow: consumes this service's own {@code user-events} and applies each follow change to the
 * followee's shard ({@link FollowGraph#apply}). Offsets are committed after the apply, so a crash means a
 * redelivery, which the apply's version check makes harmless.
 */
@Component
class FollowerApplier {

    private final FollowGraph graph;
    private final JsonMapper json;

    FollowerApplier(FollowGraph graph, JsonMapper json) {
        this.graph = graph;
        this.json = json;
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('user-events')}", groupId = "#{@kafkaNames.group('user-service-followers')}")
    void onUserEvent(String payload) {
        JsonNode event = json.readTree(payload);
        String type = event.path("type").asString("");
        if (type.equals(UserEventTypes.USER_FOLLOWED) || type.equals(UserEventTypes.USER_UNFOLLOWED)) {
            graph.apply(json.treeToValue(event, FollowChanged.class));
        }
    }
}
