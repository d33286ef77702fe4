package dev.photofeed.media.internal;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.media.photo.PhotoView;
import dev.photofeed.media.photo.Photos;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Scatter-gather for other services (feed-service hydrating a page): the ids are grouped by the shard their
 * bits name, every shard is asked at once, and the answer is whatever came back within the deadline.
 * Ids that no shard holds are {@code missing}; ids whose shard did not answer in time are
 * {@code unavailable} (ask again later: they may well exist). Internal: the gateway routes only /api/**.
 */
@RestController
@EnableConfigurationProperties(PhotoBatchProperties.class)
class PhotoBatch {

    record Request(List<String> ids) {
    }

    record Response(List<PhotoView> found, List<String> missing, List<String> unavailable) {
    }

    static final int MAX_IDS = 500;

    private final ShardRouter shards;
    private final Photos photos;
    private final Duration deadline;
    private final ExecutorService scatter = Executors.newVirtualThreadPerTaskExecutor();

    PhotoBatch(ShardRouter shards, Photos photos, PhotoBatchProperties settings) {
        this.shards = shards;
        this.photos = photos;
        this.deadline = settings.deadline();
    }

    @PostMapping("/internal/photos/batch")
    Response lookUp(@RequestBody Request request) {
        List<Long> ids = parse(request);
        Map<ShardRouter.Shard, List<Long>> byShard = new LinkedHashMap<>();
        for (long id : ids) {
            byShard.computeIfAbsent(shards.forId(id), s -> new ArrayList<>()).add(id);
        }
        Map<ShardRouter.Shard, CompletableFuture<List<PhotoView>>> asked = new LinkedHashMap<>();
        byShard.forEach((shard, shardIds) -> asked.put(shard, CompletableFuture.supplyAsync(
                () -> photos.onShard(shard, shardIds).stream().map(PhotoView::of).toList(), scatter)));
        try {
            CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new)).get(deadline.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception lateOrFailed) {
            // gather what arrived; the rest is unavailable
        }
        List<PhotoView> found = new ArrayList<>();
        List<String> unavailable = new ArrayList<>();
        asked.forEach((shard, answer) -> {
            if (answer.isDone() && !answer.isCompletedExceptionally()) {
                found.addAll(answer.join());
            } else {
                answer.cancel(true);
                byShard.get(shard).forEach(id -> unavailable.add(PhotofeedId.format(id)));
            }
        });
        Set<String> seen = new HashSet<>(unavailable);
        found.forEach(p -> seen.add(p.id()));
        List<String> missing = ids.stream().map(PhotofeedId::format).filter(id -> !seen.contains(id)).toList();
        return new Response(found, missing, unavailable);
    }

    private static List<Long> parse(Request request) {
        if (request == null || request.ids() == null || request.ids().isEmpty()) {
            throw ApiException.badRequest("invalid-batch", "ids must name at least one photo");
        }
        if (request.ids().size() > MAX_IDS) {
            throw ApiException.badRequest("invalid-batch", "at most " + MAX_IDS + " ids per call");
        }
        return request.ids().stream().distinct()
                .map(text -> PhotofeedId.parse(text).orElseThrow(() -> ApiException.badRequest("invalid-id", "not a photo id: " + text)))
                .toList();
    }
}
