package dev.photofeed.media.user;

import dev.photofeed.common.cache.CacheAside;
import dev.photofeed.common.cache.CacheAsideFactory;
import dev.photofeed.common.events.EventHandlers;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which users exist, as far as photos care: event-carried state from user-service's {@code user-created},
 * kept on each user's shard and read cache-aside (an unknown id is cached briefly, and forgotten as soon as
 * its user-created arrives). Replaying the event is harmless.
 */
@Component
public class KnownUsers {

    /** What this reads of a {@code user-created}. */
    record UserCreated(String userId) {
        UserCreated {
            if (PhotofeedId.parse(userId).isEmpty()) {
                throw new IllegalArgumentException("userId is not an id");
            }
        }
    }

    private final ShardRouter shards;
    private final CacheAside<Boolean> cache;
    private final EventHandlers handlers;

    KnownUsers(ShardRouter shards, JsonMapper json, CacheAsideFactory caches) {
        this.shards = shards;
        this.cache = caches.create("known-user", Boolean.class);
        this.handlers = EventHandlers.with(json).on("user-created", UserCreated.class, event -> {
            long id = PhotofeedId.parse(event.body().userId()).orElseThrow();
            remember(shards.forId(id), id);
        });
    }

    public boolean exists(long userId) {
        return cache.get(PhotofeedId.format(userId), key -> shards.forId(userId).jdbc()
                .sql("SELECT true FROM known_users WHERE id = ?").param(userId).query(Boolean.class).optional()).isPresent();
    }

    /** Records a user; inside a shard transaction when there is one (an upload's). */
    public void remember(ShardRouter.Shard shard, long userId) {
        shard.jdbc().sql("INSERT INTO known_users (id) VALUES (?) ON CONFLICT DO NOTHING").param(userId).update();
        cache.invalidate(PhotofeedId.format(userId));
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('user-events')}", groupId = "#{@kafkaNames.group('media-service-users')}")
    void onUserEvent(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }
}
