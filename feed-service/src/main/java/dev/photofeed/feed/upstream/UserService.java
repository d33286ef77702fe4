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
import java.util.function.Consumer;

/** What the feed asks of user-service: follower counts, followers (streamed page by page), following. */
@Component
public class UserService {

    private static final int FOLLOWING_PAGE = 100;

    private final Upstream upstream;

    UserService(UpstreamProperties upstreams, FeedProperties settings, HttpClient http, JsonMapper json, CircuitBreakerRegistry breakers, RetryRegistry retries) {
        this.upstream = new Upstream("user-service", upstreams.userService(), http, json, settings.peerTimeout(), breakers, retries);
    }

    public long followerCount(long user) {
        return upstream.get("/api/users/" + PhotofeedId.format(user)).path("followerCount").asLong();
    }

    /** Streams every follower id, one page of {@code pageSize} at a time, so 10k followers never sit in memory at once. */
    public void followers(long user, int pageSize, Consumer<List<Long>> page) {
        String cursor = null;
        do {
            JsonNode body = upstream.get("/internal/users/" + PhotofeedId.format(user) + "/followers?limit=" + pageSize
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            List<Long> ids = new ArrayList<>();
            body.path("items").forEach(id -> ids.add(Long.parseLong(id.asString())));
            page.accept(ids);
            cursor = body.path("nextCursor").asString(null);
        } while (cursor != null);
    }

    public List<Long> following(long user) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode body = upstream.get("/api/users/" + PhotofeedId.format(user) + "/following?limit=" + FOLLOWING_PAGE
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            body.path("items").forEach(item -> ids.add(Long.parseLong(item.path("id").asString())));
            cursor = body.path("nextCursor").asString(null);
        } while (cursor != null);
        return ids;
    }
}
