package dev.photofeed.feed;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.TestStores;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The events user-service and media-service publish, in their producers' shapes: the envelope common's
 * OutboxWriter puts on every payload ({@code eventId}, {@code type}, {@code occurredAt}), the body fields of
 * user-service's UserCreated and FollowChanged and of media-service's PhotoEvent, the keys they use, and the
 * relay's {@code event-id}/{@code event-type} headers. The two topics are created as their owners create them.
 */
final class PeerEvents implements AutoCloseable {

    private final KafkaNames names;
    private final KafkaProducer<String, String> producer;

    PeerEvents(TestStores stores) {
        // the owners' topic shape: PhotofeedKafkaProperties' defaults, which the tests' services keep
        names = new KafkaNames(stores.kafkaPrefix(), 8, (short) 1, -1);
        String bootstrap = stores.endpoints().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(names.newEventTopic(KafkaNames.USER_EVENTS), names.newEventTopic(KafkaNames.PHOTO_EVENTS)))
                    .all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException(e);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    /** user-service's {@code user-created} (UserCreated), keyed by the new user's id. */
    void userCreated(String userId, String username, String displayName) {
        publish(KafkaNames.USER_EVENTS, userId, "user-created", PublicApi.JSON.createObjectNode()
                .put("userId", userId).put("username", username).put("displayName", displayName));
    }

    /** user-service's {@code user-followed} / {@code user-unfollowed} (FollowChanged), keyed by the follower's id. */
    void followChanged(String followerId, String followeeId, boolean following, long version,
                       String followerUsername, String followerDisplayName) {
        publish(KafkaNames.USER_EVENTS, followerId, following ? "user-followed" : "user-unfollowed", PublicApi.JSON.createObjectNode()
                .put("followerId", followerId).put("followeeId", followeeId).put("following", following).put("version", version)
                .put("followerUsername", followerUsername).put("followerDisplayName", followerDisplayName));
    }

    /** media-service's {@code photo-posted}: PhotoEvent.of(view), keyed by the owner's id. */
    void photoPosted(ObjectNode view) {
        publish(KafkaNames.PHOTO_EVENTS, view.path("ownerId").asString(), "photo-posted", photoEvent(view));
    }

    /** media-service's {@code photo-updated} (the thumbnail became ready): the whole new view, as PhotoEvent. */
    void photoUpdated(ObjectNode view) {
        publish(KafkaNames.PHOTO_EVENTS, view.path("ownerId").asString(), "photo-updated", photoEvent(view));
    }

    /** PhotoEvent's fields are PhotoView's, in its order, with the view's {@code id} named {@code photoId}. */
    private static ObjectNode photoEvent(ObjectNode view) {
        ObjectNode event = PublicApi.JSON.createObjectNode().put("photoId", view.path("id").asString());
        view.properties().stream().filter(field -> !field.getKey().equals("id"))
                .forEach(field -> event.set(field.getKey(), field.getValue()));
        return event;
    }

    /** Sent and acknowledged before this returns, in call order per key, as the outbox relay sends. */
    private void publish(String topic, String key, String type, ObjectNode body) {
        String eventId = UUID.randomUUID().toString();
        ObjectNode payload = PublicApi.JSON.createObjectNode()
                .put("eventId", eventId)
                .put("type", type)
                .put("occurredAt", Instant.now().toString());
        payload.setAll(body);
        ProducerRecord<String, String> record = new ProducerRecord<>(names.topic(topic), key, PublicApi.JSON.writeValueAsString(payload));
        record.headers().add("event-id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-type", type.getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + type, e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
