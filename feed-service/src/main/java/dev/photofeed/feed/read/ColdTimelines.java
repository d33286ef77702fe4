package dev.photofeed.feed.read;

import dev.photofeed.common.cache.SingleFlight;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.feed.FeedProperties;
import dev.photofeed.feed.timeline.RedisPipeline;
import dev.photofeed.feed.timeline.TimelineStore;
import dev.photofeed.feed.upstream.MediaService;
import dev.photofeed.feed.upstream.UserService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cold-timeline rebuilder. A timeline that is not in Redis (a new replica of Redis, an eviction, a user
 * not seen for long) is gathered on read by scatter-gather: the reader's following list from user-service,
 * then each followee's recent photos from media-service, in parallel and within a deadline. What answered in
 * time is served; only a complete gather is stored (and marked warm), so a partial one is retried on the next
 * read rather than kept. Concurrent reads of one cold timeline share one rebuild (single-flight per user on
 * this instance): a burst of refreshes must not become a burst of scatter-gathers.
 */
@Component
public class ColdTimelines {

    private static final Logger log = LoggerFactory.getLogger(ColdTimelines.class);
    /** One page of media-service per followee: enough for the first pages of a feed. */
    private static final int POSTS_PER_FOLLOWEE = 100;

    private final UserService users;
    private final MediaService media;
    private final TimelineStore store;
    private final FeedProperties settings;
    private final Counter rebuilds;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SingleFlight<Long, Optional<Gathered>> flights = new SingleFlight<>();
    // reads that gather without keeping (Redis down) share their own flights: one never waits on a keeping one
    private final SingleFlight<Long, Optional<Gathered>> unkept = new SingleFlight<>();

    ColdTimelines(UserService users, MediaService media, TimelineStore store, FeedProperties settings, MeterRegistry meters) {
        this.users = users;
        this.media = media;
        this.store = store;
        this.settings = settings;
        this.rebuilds = Counter.builder("feed.timeline.rebuilds").description("cold timelines gathered on read")
                .register(meters);
    }

    /**
     * Gathers the timeline; with {@code keep}, keeps it in Redis when complete. One at a time per user; empty
     * when a rebuild that finished just before this call began has already kept it (the reader saw the
     * timeline cold, then lost the race to that rebuild): read the warm timeline instead of gathering again.
     */
    public Optional<Gathered> rebuild(long user, boolean keep) {
        return (keep ? flights : unkept).run(user, () -> {
            if (keep && store.isWarm(user)) {
                return Optional.empty();
            }
            Gathered gathered = gather(user);
            if (keep && gathered.complete()) {
                keep(user, gathered);
            }
            return Optional.of(gathered);
        }, () -> { });
    }

    private Gathered gather(long user) {
        rebuilds.increment();
        long deadline = System.nanoTime() + settings.rebuildDeadline().toNanos();
        List<Long> followees;
        try {
            followees = users.following(user);
        } catch (RuntimeException e) { // down, too slow, or its breaker open: nothing to gather from
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "feed-unavailable",
                    "the feed cannot be built now; try again shortly");
        }
        Semaphore parallelism = new Semaphore(settings.rebuildParallelism());
        List<CompletableFuture<List<MediaService.Photo>>> calls = followees.stream()
                .map(followee -> CompletableFuture.supplyAsync(() -> {
                    parallelism.acquireUninterruptibly();
                    try {
                        return media.recentPhotos(followee, POSTS_PER_FOLLOWEE);
                    } finally {
                        parallelism.release();
                    }
                }, workers))
                .toList();
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException late) {
            // served with what answered; the rest is picked up by the next read's rebuild
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Map<Long, String> summaries = new HashMap<>();
        boolean complete = true;
        for (var call : calls) {
            if (call.isDone() && !call.isCompletedExceptionally()) {
                call.join().forEach(photo -> summaries.put(photo.id(), photo.json()));
            } else {
                complete = false;
            }
        }
        if (!complete) {
            log.warn("timeline of {} rebuilt from part of its {} followees: the rest missed the {} deadline or failed",
                    user, followees.size(), settings.rebuildDeadline());
        }
        List<Long> ids = new ArrayList<>(summaries.keySet());
        ids.sort(Comparator.reverseOrder());
        return new Gathered(ids, summaries, followees, complete);
    }

    private void keep(long user, Gathered gathered) {
        RedisPipeline.Batch batch = store.requestBatch();
        gathered.summaries().forEach((id, json) -> store.saveSummaryIfAbsent(batch, id, json));
        // celebrities' future posts are merged on read, so the reader must be known to follow them
        List<Boolean> celebrities = store.areCelebrities(gathered.followees());
        for (int i = 0; i < celebrities.size(); i++) {
            if (celebrities.get(i)) {
                store.followCelebrity(batch, user, gathered.followees().get(i), true);
            }
        }
        store.replace(batch, user, gathered.ids());
        batch.flush();
    }

    @jakarta.annotation.PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    /** A gathered timeline: photo ids newest first, their feed items, whom it was gathered from, and whether all answered. */
    public record Gathered(List<Long> ids, Map<Long, String> summaries, List<Long> followees, boolean complete) {
    }
}
