package dev.photofeed.feed.fanout;

import dev.photofeed.common.events.Event;
import dev.photofeed.common.events.EventHandlers;
import dev.photofeed.feed.FeedProperties;
import dev.photofeed.feed.timeline.RedisPipeline;
import dev.photofeed.feed.timeline.TimelineStore;
import dev.photofeed.feed.upstream.UserService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Fan-out on write: a {@code photo-posted} is stored once as a summary, added to its owner's recent posts,
 * and inserted into every follower's timeline, the followers streamed from user-service a page at a time and
 * the inserts sent in pipelined batches on the fan-out connection. An owner with more followers than the
 * celebrity threshold is not fanned out (10k writes per post would dwarf the reads they save): readers merge
 * the owner's recent posts in instead. Every write is idempotent, so a redelivered event changes nothing;
 * the event id is remembered once it is fully applied only to skip the repeated work. A {@code photo-updated}
 * (the thumbnail became ready) replaces the stored summary.
 */
@Component
public class PhotoEvents {

    private final TimelineStore store;
    private final UserService users;
    private final FeedProperties settings;
    private final JsonMapper json;
    private final Timer fanOutDelay;
    private final EventHandlers handlers;

    PhotoEvents(TimelineStore store, UserService users, FeedProperties settings, JsonMapper json, MeterRegistry meters) {
        this.store = store;
        this.users = users;
        this.settings = settings;
        this.json = json;
        // fixed buckets around the freshness bar (2 s), not per-instance percentiles: buckets add up across
        // replicas, so histogram_quantile gives the fleet's p99
        this.fanOutDelay = Timer.builder("feed.fanout.delay")
                .description("from the post's event time to the last follower timeline written")
                .serviceLevelObjectives(Stream.of(50, 100, 250, 500, 1000, 2000, 5000, 10_000, 30_000, 60_000)
                        .map(Duration::ofMillis).toArray(Duration[]::new))
                .register(meters);
        this.handlers = EventHandlers.with(json)
                .on("photo-posted", JsonNode.class, this::posted)
                .on("photo-updated", JsonNode.class, event -> updated(event.body()));
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('photo-events')}", groupId = "#{@kafkaNames.group('feed-fanout')}",
            autoStartup = "${photofeed.feed.consumers.enabled:${photofeed.feed.precompute.enabled:true}}")
    public void handle(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    private void posted(Event<JsonNode> posted) {
        JsonNode event = posted.body();
        String eventId = posted.id().toString();
        long photoId = EventFields.id(event, "photoId");
        long owner = EventFields.id(event, "ownerId");
        if (store.seen(eventId)) {
            return;
        }
        RedisPipeline.Batch batch = store.fanOutBatch();
        store.saveSummaryIfAbsent(batch, photoId, summary(event));
        store.addOwnerPost(batch, owner, photoId);
        if (users.followerCount(owner) > settings.celebrityThreshold()) {
            becomeCelebrity(owner, batch);
        } else {
            forEachFollower(owner, f -> store.insert(batch, f, photoId));
        }
        batch.flush();
        fanOutDelay.record(Duration.between(posted.occurredAt(), Instant.now()));
        store.markSeen(eventId);
    }

    /**
     * What a feed item shows changed (its thumbnail became ready): the stored summary is replaced, one write
     * however many timelines hold the post. Unconditionally: a copy a read fetched just before may still be
     * on its way, and it is only ever written where no summary is.
     */
    private void updated(JsonNode event) {
        RedisPipeline.Batch batch = store.fanOutBatch();
        store.replaceSummary(batch, EventFields.id(event, "photoId"), summary(event));
        batch.flush();
    }

    /**
     * The first post after an owner crosses the threshold tells every follower to merge the owner in; later
     * followers learn it from their follow event. The owner is marked last, so a crash half-way repeats this.
     */
    private void becomeCelebrity(long owner, RedisPipeline.Batch batch) {
        if (store.isCelebrity(owner)) {
            return;
        }
        forEachFollower(owner, f -> store.followCelebrity(batch, f, owner, true));
        batch.flush();
        store.markCelebrity(owner);
    }

    /**
     * Every follower, streamed from user-service, corrected by the follow changes the feed saw recently
     * (user-service's list catches up with those asynchronously). A follower may be visited twice: every
     * write is idempotent.
     */
    private void forEachFollower(long owner, LongConsumer visit) {
        Map<Long, Boolean> recent = store.recentEdges(owner);
        users.followers(owner, settings.followersPage(), page -> page.forEach(f -> {
            if (recent.getOrDefault(f, true)) {
                visit.accept(f);
            }
        }));
        recent.forEach((follower, following) -> {
            if (following) {
                visit.accept(follower);
            }
        });
    }

    /** A feed item in media-service's PhotoView shape (an event from before thumbnails were in events has none). */
    private String summary(JsonNode event) {
        ObjectNode item = json.createObjectNode();
        item.put("id", EventFields.text(event, "photoId"));
        item.put("ownerId", EventFields.text(event, "ownerId"));
        for (String field : List.of("caption", "createdAt", "contentUrl", "width", "height")) {
            item.set(field, event.path(field).isMissingNode() ? json.nullNode() : event.get(field));
        }
        if (event.path("thumbnails").isArray()) {
            item.set("thumbnails", event.get("thumbnails"));
        } else {
            item.putArray("thumbnails");
        }
        return json.writeValueAsString(item);
    }
}
