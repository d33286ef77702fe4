package dev.photofeed.feed.fanout;

import dev.photofeed.common.events.EventHandlers;
import dev.photofeed.common.events.PoisonEvent;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.feed.FeedProperties;
import dev.photofeed.feed.timeline.RedisPipeline;
import dev.photofeed.feed.timeline.TimelineStore;
import dev.photofeed.feed.upstream.MediaService;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Follow changes, applied to the follower's timeline: a follow backfills the followee's recent posts (or,
 * for a celebrity, adds them to the merged-on-read set), an unfollow takes them out. Each edge carries an
 * increasing version; one not newer than the last applied is a duplicate or arrives late, and is dropped.
 * A new user starts with a complete, empty timeline, so their first read needs no rebuild.
 */
@Component
public class UserEvents {

    private final TimelineStore store;
    private final MediaService media;
    private final FeedProperties settings;
    private final EventHandlers handlers;

    UserEvents(TimelineStore store, MediaService media, FeedProperties settings, JsonMapper json) {
        this.store = store;
        this.media = media;
        this.settings = settings;
        // other user events do not touch timelines
        this.handlers = EventHandlers.with(json)
                .on("user-created", JsonNode.class, event -> created(event.body()))
                .on("user-followed", JsonNode.class, event -> followChanged(event.body()))
                .on("user-unfollowed", JsonNode.class, event -> followChanged(event.body()));
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('user-events')}", groupId = "#{@kafkaNames.group('feed-follows')}",
            autoStartup = "${photofeed.feed.consumers.enabled:${photofeed.feed.precompute.enabled:true}}")
    public void handle(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void created(JsonNode event) {
        RedisPipeline.Batch batch = store.fanOutBatch();
        store.markWarm(batch, EventFields.id(event, "userId"));
        batch.flush();
    }

    private void followChanged(JsonNode event) {
        long follower = EventFields.id(event, "followerId");
        long followee = EventFields.id(event, "followeeId");
        long version = event.path("version").asLong(0);
        if (version <= 0 || !event.path("following").isBoolean()) {
            throw new PoisonEvent("follow event without a version or a following flag");
        }
        if (version <= store.edgeVersion(follower, followee)) {
            return;
        }
        boolean following = event.path("following").asBoolean();
        RedisPipeline.Batch batch = store.fanOutBatch();
        // before the backfill reads the followee's posts: a post fanned out meanwhile then reaches the follower
        store.recordRecentEdge(batch, followee, follower, following);
        batch.flush();
        if (following && store.isCelebrity(followee)) {
            store.followCelebrity(batch, follower, followee, true);
        } else if (following) {
            // a cold timeline is rebuilt whole on its next read: backfilling it would only waste writes
            if (store.isWarm(follower)) {
                for (MediaService.Photo photo : media.recentPhotos(followee, settings.timelineCap())) {
                    store.saveSummaryIfAbsent(batch, photo.id(), photo.json());
                    store.insert(batch, follower, photo.id());
                }
            }
        } else {
            store.followCelebrity(batch, follower, followee, false);
            store.remove(batch, follower, media.recentPhotos(followee, settings.timelineCap()).stream()
                    .map(photo -> PhotofeedId.format(photo.id())).toList());
        }
        store.setEdgeVersion(batch, follower, followee, version);
        batch.flush();
    }
}
