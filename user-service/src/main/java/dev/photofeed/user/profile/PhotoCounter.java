package dev.photofeed.user.profile;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.shard.ShardRouter;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.OptionalLong;
import java.util.UUID;

/**
 * Keeps {@code photoCount} from media-service's {@code photo-events} (the photos are media-service's data;
 * this service only counts them): {@code photo-posted} adds one, {@code photo-deleted} takes one away, for
 * the owner named by the record key. Each event id is recorded with the count change in one transaction,
 * so a redelivered event is counted once.
 */
@Configuration(proxyBeanMethods = false)
class PhotoCounter {

    static final String PHOTO_POSTED = "photo-posted";
    static final String PHOTO_DELETED = "photo-deleted";
    private static final Logger log = LoggerFactory.getLogger(PhotoCounter.class);

    private final ShardRouter shards;
    private final Profiles profiles;
    private final JsonMapper json;

    PhotoCounter(ShardRouter shards, Profiles profiles, JsonMapper json) {
        this.shards = shards;
        this.profiles = profiles;
        this.json = json;
    }

    /** Declared here too (creating a topic that exists does nothing), so this consumer can start before media-service ever has. */
    @Bean
    NewTopic photoEventsForCounting(KafkaNames names) {
        return names.newEventTopic(KafkaNames.PHOTO_EVENTS);
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('photo-events')}", groupId = "#{@kafkaNames.group('user-service-photo-counts')}")
    void onPhotoEvent(ConsumerRecord<String, String> record) {
        JsonNode event = json.readTree(record.value());
        String type = event.path("type").asString("");
        int delta = type.equals(PHOTO_POSTED) ? 1 : type.equals(PHOTO_DELETED) ? -1 : 0;
        OptionalLong owner = PhotofeedId.parse(record.key());
        if (delta == 0 || owner.isEmpty()) {
            return;
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(event.path("eventId").asString(""));
        } catch (IllegalArgumentException noId) {
            log.warn("photo event without an event id at offset {}: skipped", record.offset());
            return;
        }
        long ownerId = owner.getAsLong();
        ShardRouter.Shard shard = shards.forId(ownerId);
        shard.transactions().executeWithoutResult(tx -> {
            int fresh = shard.jdbc().sql("INSERT INTO counted_photo_events (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                    .param(eventId).update();
            if (fresh == 1 && shard.jdbc().sql("UPDATE users SET photo_count = greatest(photo_count + ?, 0) WHERE id = ?")
                    .param(delta).param(ownerId).update() == 1) {
                profiles.invalidate(ownerId);
            }
        });
    }
}
