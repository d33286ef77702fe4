package dev.photofeed.feed.read;

import dev.photofeed.common.web.Cursors;
import dev.photofeed.common.web.Page;
import dev.photofeed.feed.FeedProperties;
import dev.photofeed.feed.timeline.RedisPipeline;
import dev.photofeed.feed.timeline.TimelineStore;
import dev.photofeed.feed.upstream.MediaService;
import io.lettuce.core.RedisException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A feed page. Warm path: one Redis round trip for the timeline page and the followed celebrities' lists (and,
 * with no celebrity to merge, the page's summaries too), the celebrity merge, one multi-get for the summaries
 * still wanted, and media-service's batch look-up only for summaries that expired. The cursor is the id of the
 * last item shown; ids order by time, so the next page starts
 * strictly after it whatever was posted meanwhile (no repeats, no gaps).
 */
@Component
public class FeedReader {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final Logger log = LoggerFactory.getLogger(FeedReader.class);

    private final TimelineStore store;
    private final ColdTimelines cold;
    private final MediaService media;
    private final boolean precomputed;

    FeedReader(TimelineStore store, ColdTimelines cold, MediaService media, FeedProperties settings) {
        this.store = store;
        this.cold = cold;
        this.media = media;
        this.precomputed = settings.precompute().enabled();
    }

    /**
     * The page as JSON: items are stored as their own JSON, so they are copied, never parsed. With Redis down or
     * too slow (a command over {@code photofeed.redis.command-timeout}) the page is gathered from the follow
     * list as a cold timeline is, and not kept: slower, but a feed rather than an error.
     */
    public String read(long user, Integer requestedLimit, String cursor) {
        int limit = Page.limit(requestedLimit, DEFAULT_LIMIT, MAX_LIMIT);
        long before = Cursors.decode(cursor, Long.MAX_VALUE);
        Map<Long, String> items = new HashMap<>();
        List<Long> ids;
        try {
            ids = fromTimeline(user, before, limit, items);
        } catch (RedisException e) {
            log.warn("feed of {} gathered without Redis: {}", user, e.toString());
            items.clear();
            ids = gathered(cold.rebuild(user, false).orElseThrow(), before, limit, items);
        }
        boolean more = ids.size() > limit;
        List<Long> shown = more ? ids.subList(0, limit) : ids;
        StringBuilder json = new StringBuilder(256 + shown.size() * 256).append("{\"items\":[");
        String separator = "";
        for (Long id : shown) {
            String item = items.get(id);
            if (item != null) { // a photo deleted, or its shard late: left out, the cursor still moves past it
                json.append(separator).append(item);
                separator = ",";
            }
        }
        json.append("],\"nextCursor\":");
        json.append(more ? "\"" + Cursors.encode(shown.getLast()) + "\"" : "null");
        return json.append('}').toString();
    }

    /** Up to {@code limit + 1} ids of the page, their items hydrated into {@code items}. */
    private List<Long> fromTimeline(long user, long before, int limit, Map<Long, String> items) {
        TimelineStore.PageRead page = precomputed ? store.readPage(user, before, limit + 1, limit) : null;
        if (page == null || !page.warm()) {
            // cold, or precomputation switched off: gathered from the follow list on this read
            Optional<ColdTimelines.Gathered> gathered = cold.rebuild(user, precomputed);
            if (gathered.isPresent()) {
                return gathered(gathered.get(), before, limit, items);
            }
            page = store.readPage(user, before, limit + 1, limit); // another read's rebuild kept it meanwhile
        }
        List<Long> ids = CelebrityMerge.merge(Stream.concat(Stream.of(page.timeline()), page.celebrityLists().stream()).toList(), limit + 1);
        items.putAll(page.summaries());
        hydrate(ids.subList(0, Math.min(limit, ids.size())), items, page.summariesRead());
        return ids;
    }

    private static List<Long> gathered(ColdTimelines.Gathered gathered, long before, int limit, Map<Long, String> items) {
        items.putAll(gathered.summaries());
        return gathered.ids().stream().filter(id -> id < before).limit(limit + 1).toList();
    }

    /**
     * Fills {@code items} for {@code ids}: Redis first (one MGET, unless the page's read already asked it), then
     * media-service for what expired.
     */
    private void hydrate(List<Long> ids, Map<Long, String> items, boolean redisAsked) {
        List<Long> wanted = ids.stream().filter(id -> !items.containsKey(id)).toList();
        if (!redisAsked) {
            items.putAll(store.summaries(wanted));
        }
        List<Long> missing = new ArrayList<>(wanted.stream().filter(id -> !items.containsKey(id)).toList());
        if (missing.isEmpty()) {
            return;
        }
        try {
            RedisPipeline.Batch batch = store.requestBatch();
            for (MediaService.Photo photo : media.photos(missing)) {
                items.put(photo.id(), photo.json());
                store.saveSummaryIfAbsent(batch, photo.id(), photo.json());
            }
            batch.flush();
        } catch (RuntimeException e) {
            // degrade: the feed is served without the items whose summaries cannot be had now
            log.warn("{} feed items not hydrated: {}", missing.size(), e.toString());
        }
    }
}
