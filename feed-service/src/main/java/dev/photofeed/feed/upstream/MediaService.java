package dev.photofeed.feed.upstream;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.feed.FeedProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the feed asks of media-service: photos by id (to hydrate) and a user's recent photos (to backfill). */
@Component
public class MediaService {

    private static final int BATCH_MAX = 500;
    private static final int PHOTOS_PAGE = 100;

    private final Upstream upstream;
    private final JsonMapper json;

    MediaService(UpstreamProperties upstreams, FeedProperties settings, HttpClient http, JsonMapper json, CircuitBreakerRegistry breakers, RetryRegistry retries) {
        this.upstream = new Upstream("media-service", upstreams.mediaService(), http, json, settings.peerTimeout(), breakers, retries);
        this.json = json;
    }

    /** The photos that exist among {@code ids}, as feed-item JSON; missing and unavailable ones are left out. */
    public List<Photo> photos(List<Long> ids) {
        List<Photo> found = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += BATCH_MAX) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH_MAX)).stream()
                    .map(PhotofeedId::format).toList();
            upstream.post("/internal/photos/batch", Map.of("ids", chunk)).path("found").forEach(p -> found.add(photo(p)));
        }
        return found;
    }

    /** A user's newest photos, at most {@code max}, newest first. */
    public List<Photo> recentPhotos(long owner, int max) {
        List<Photo> photos = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode body;
            try {
                body = upstream.get("/api/users/" + PhotofeedId.format(owner) + "/photos?limit=" + Math.min(PHOTOS_PAGE, max - photos.size())
                        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            } catch (Upstream.Refused refused) {
                // media-service knows every uploader before their first photo commits: a user it has not heard of
                // yet (its user-created event still on its way, as when a new account is followed at once) has none
                if (refused.status() == 404 && photos.isEmpty()) {
                    return List.of();
                }
                throw refused;
            }
            body.path("items").forEach(p -> photos.add(photo(p)));
            cursor = body.path("nextCursor").asString(null);
        } while (cursor != null && photos.size() < max);
        return photos;
    }

    private Photo photo(JsonNode view) {
        return new Photo(Long.parseLong(view.path("id").asString()), json.writeValueAsString(view));
    }

    /** A photo id and its feed item, the PhotoView JSON exactly as media-service wrote it. */
    public record Photo(long id, String json) {
    }
}
