package dev.photofeed.user.profile;

import dev.photofeed.common.events.Event;
import dev.photofeed.common.events.EventHandlers;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.shard.ShardRouter;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.annotation.KafkaListener;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps {@code photoCount} from media-service's {@code photo-events} (the photos are media-service's data;
 * this service only counts them): {@code photo-posted} adds one, {@code photo-deleted} takes one away, for
 * the owner the event names. A count is not idempotent, so each event id is recorded with the count change in
 * one transaction on the owner's shard: a redelivered event finds its id and is counted once.
 */
@Configuration(proxyBeanMethods = false)
class PhotoCounter {

    static final String PHOTO_POSTED = "photo-posted";
    static final String PHOTO_DELETED = "photo-deleted";

    /** What counting reads of a photo event. */
    record PhotoChange(String ownerId) {
        PhotoChange {
            if (PhotofeedId.parse(ownerId).isEmpty()) {
                throw new IllegalArgumentException("ownerId is not an id");
            }
        }
    }

    private final ShardRouter shards;
    private final Profiles profiles;
    private final EventHandlers handlers;

    PhotoCounter(ShardRouter shards, Profiles profiles, JsonMapper json) {
        this.shards = shards;
        this.profiles = profiles;
        this.handlers = EventHandlers.with(json)
                .on(PHOTO_POSTED, PhotoChange.class, event -> count(event, 1))
                .on(PHOTO_DELETED, PhotoChange.class, event -> count(event, -1));
    }

    /** Declared here too (creating a topic that exists does nothing), so this consumer can start before media-service ever has. */
    @Bean
    NewTopic photoEventsForCounting(KafkaNames names) {
        return names.newEventTopic(KafkaNames.PHOTO_EVENTS);
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('photo-events')}", groupId = "#{@kafkaNames.group('user-service-photo-counts')}")
    void onPhotoEvent(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void count(Event<PhotoChange> event, int delta) {
        long ownerId = PhotofeedId.parse(event.body().ownerId()).orElseThrow();
        ShardRouter.Shard shard = shards.forId(ownerId);
        shard.transactions().executeWithoutResult(tx -> {
            int fresh = shard.jdbc().sql("INSERT INTO counted_photo_events (event_id) VALUES (?) ON CONFLICT DO NOTHING")
                    .param(event.id()).update();
            if (fresh == 1 && shard.jdbc().sql("UPDATE users SET photo_count = greatest(photo_count + ?, 0) WHERE id = ?")
                    .param(delta).param(ownerId).update() == 1) {
                profiles.invalidate(ownerId);
            }
        });
    }
}
