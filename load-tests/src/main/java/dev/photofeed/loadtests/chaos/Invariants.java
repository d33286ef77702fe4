package dev.photofeed.loadtests.chaos;

import dev.photofeed.localstack.Component;
import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.localstack.DeadLetters;
import dev.photofeed.localstack.StackLayout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What must hold once the faults are over and the consumers have caught up, checked against the stores
 * themselves (every shard's rows, blobs and feeds from media- and feed-service's own ports) and against the history of what clients
 * were told:
 * <ul>
 *   <li>every accepted upload has exactly one metadata row, its blob and a ready thumbnail, and so has every
 *       photo an unanswered upload left behind;</li>
 *   <li>every follow change a client was told succeeded is in the graph, and the graph's two sides (the
 *       follower's {@code following} rows and the followee's {@code followers} rows) agree edge for edge;</li>
 *   <li>each stored count equals the rows it counts;</li>
 *   <li>every actor's feed holds each post of the accounts it follows exactly once (within the timeline cap)
 *       and nothing else;</li>
 *   <li>no event went to a dead-letter topic during the run ({@link DeadLetters}, each one listed): the chaos
 *       traffic sends no poison, so a dead letter is an event lost to a transient fault.</li>
 * </ul>
 */
final class Invariants {

    private static final int TIMELINE_CAP = 800;

    private final StackLayout layout;
    /** media- and feed-service's own ports: the checks are not client traffic, and the edge would rate-limit them. */
    private final URI media;
    private final URI feed;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    Invariants(StackLayout layout) {
        this.layout = layout;
        this.media = URI.create("http://localhost:" + layout.ports().of(Component.MEDIA_SERVICE));
        this.feed = URI.create("http://localhost:" + layout.ports().of(Component.FEED_SERVICE));
    }

    /** The violations found (none when everything holds) and the figures checked. */
    record Result(List<String> violations, Map<String, Long> checked) {
        boolean holds() {
            return violations.isEmpty();
        }
    }

    private record Photo(long id, long owner, boolean thumbnailReady) {
    }

    private record Edge(long follower, long followee) {
    }

    private record Counts(long followers, long following, long photos) {
    }

    Result check(List<Api.Token> actors, List<Call> calls, long runStartedMillis) {
        List<String> violations = new ArrayList<>();
        Map<String, Long> checked = new java.util.LinkedHashMap<>();
        Long[] ids = actors.stream().map(Api.Token::userId).toArray(Long[]::new);

        Map<Long, Counts> counts = new HashMap<>();
        Set<Edge> following = new HashSet<>();
        Set<Edge> followers = new HashSet<>();
        Map<Long, List<Photo>> photoRows = new HashMap<>();
        for (int port : layout.ports().postgres()) {
            Shards.query(port, "users", "SELECT id, follower_count, following_count, photo_count FROM users WHERE id = ANY(?)", ids,
                    r -> counts.put(r.getLong(1), new Counts(r.getLong(2), r.getLong(3), r.getLong(4))));
            Shards.query(port, "users", "SELECT follower_id, followee_id FROM following WHERE active AND follower_id = ANY(?)", ids,
                    r -> following.add(new Edge(r.getLong(1), r.getLong(2))));
            Shards.query(port, "users", "SELECT follower_id, followee_id FROM followers WHERE active AND followee_id = ANY(?)", ids,
                    r -> followers.add(new Edge(r.getLong(1), r.getLong(2))));
            Shards.query(port, "media", "SELECT id, owner_id, thumbnail_ready FROM photos WHERE owner_id = ANY(?)", ids,
                    r -> photoRows.computeIfAbsent(r.getLong(1), id -> new ArrayList<>()).add(new Photo(r.getLong(1), r.getLong(2), r.getBoolean(3))));
        }

        // uploads: a row, its blob and its thumbnail, for each accepted one and each one that committed unanswered
        Set<Long> accepted = calls.stream().filter(c -> c.op() == Op.POST && c.ok()).map(Call::target).collect(Collectors.toSet());
        for (long id : accepted) {
            int rows = photoRows.getOrDefault(id, List.of()).size();
            if (rows != 1) {
                violations.add("accepted upload " + id + " has " + rows + " metadata rows");
            }
        }
        for (List<Photo> rows : photoRows.values()) {
            Photo photo = rows.getFirst();
            if (!photo.thumbnailReady()) {
                violations.add("photo " + photo.id() + " has no ready thumbnail");
            }
            int status = status(media.resolve("/api/photos/" + photo.id() + "/content"));
            if (status != 200) {
                violations.add("photo " + photo.id() + "'s blob answers " + status);
            }
        }
        checked.put("accepted uploads", (long) accepted.size());
        checked.put("photos with row, blob and thumbnail", (long) photoRows.size());

        // follows: what clients were told, against the source of truth
        Map<Edge, List<Call>> byEdge = calls.stream().filter(c -> c.op() == Op.FOLLOW || c.op() == Op.UNFOLLOW)
                .collect(Collectors.groupingBy(c -> new Edge(c.actor(), c.target())));
        long settled = 0;
        for (var entry : byEdge.entrySet()) {
            List<Call> edgeCalls = entry.getValue().stream().sorted(Comparator.comparingLong(Call::startMillis)).toList();
            Call last = edgeCalls.getLast();
            boolean alone = edgeCalls.stream().filter(c -> c != last).allMatch(c -> c.endMillis() < last.startMillis());
            if (!last.ok() || !alone) {
                continue; // the outcome is not known to the client: nothing to hold the system to
            }
            settled++;
            boolean expected = last.op() == Op.FOLLOW;
            if (following.contains(entry.getKey()) != expected) {
                violations.add("accepted " + last.op().label() + " " + entry.getKey() + " is not in the graph");
            }
        }
        checked.put("follow edges whose last change was accepted", settled);
        for (Edge e : difference(following, followers)) {
            violations.add("edge " + e + " is in following but not in followers");
        }
        for (Edge e : difference(followers, following)) {
            violations.add("edge " + e + " is in followers but not in following");
        }
        checked.put("active edges", (long) following.size());

        // counts
        Map<Long, Long> photosBy = photoRows.values().stream().collect(Collectors.groupingBy(r -> r.getFirst().owner(), Collectors.counting()));
        for (long id : ids) {
            Counts c = counts.get(id);
            if (c == null) {
                violations.add("actor " + id + " has no user row");
                continue;
            }
            long followerRows = followers.stream().filter(e -> e.followee() == id).count();
            long followingRows = following.stream().filter(e -> e.follower() == id).count();
            long photos = photosBy.getOrDefault(id, 0L);
            if (c.followers() != followerRows || c.following() != followingRows || c.photos() != photos) {
                violations.add("user " + id + " counts " + c + " but has " + followerRows + " followers, "
                        + followingRows + " following, " + photos + " photos");
            }
        }

        // feeds
        Map<Long, List<Long>> postsBy = photoRows.keySet().stream().collect(Collectors.groupingBy(
                id -> photoRows.get(id).getFirst().owner()));
        long feedEntries = 0;
        for (Api.Token actor : actors) {
            List<Long> expected = following.stream().filter(e -> e.follower() == actor.userId())
                    .flatMap(e -> postsBy.getOrDefault(e.followee(), List.of()).stream())
                    .sorted(Comparator.reverseOrder()).limit(TIMELINE_CAP).toList();
            List<Long> feed;
            try {
                feed = feed(actor);
            } catch (IllegalStateException e) {
                violations.add("feed of " + actor.userId() + ": " + e.getMessage());
                continue;
            }
            feedEntries += feed.size();
            Set<Long> seen = new LinkedHashSet<>();
            for (long id : feed) {
                if (!seen.add(id)) {
                    violations.add("feed of " + actor.userId() + " holds photo " + id + " twice");
                }
            }
            Set<Long> missing = difference(new HashSet<>(expected), seen);
            Set<Long> extra = difference(seen, new HashSet<>(expected));
            if (!missing.isEmpty()) {
                violations.add("feed of " + actor.userId() + " misses " + missing.size() + " followed posts, e.g. " + missing.iterator().next());
            }
            if (!extra.isEmpty()) {
                violations.add("feed of " + actor.userId() + " holds " + extra.size() + " posts of accounts it does not follow, e.g. " + extra.iterator().next());
            }
        }
        checked.put("feed entries", feedEntries);

        List<DeadLetters.Letter> deadLetters = new DeadLetters("localhost:" + layout.ports().of(Component.KAFKA), "", System.out).list()
                .stream().filter(letter -> letter.timestamp() >= runStartedMillis).toList();
        deadLetters.forEach(letter -> violations.add("dead letter: " + letter));
        checked.put("dead letters", (long) deadLetters.size());
        return new Result(violations, checked);
    }

    private List<Long> feed(Api.Token reader) {
        List<Long> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get(feed.resolve("/api/feed?limit=100" + (cursor == null ? "" : "&cursor=" + cursor)), reader);
            page.path("items").forEach(item -> ids.add(Long.parseLong(item.get("id").asText())));
            cursor = page.path("nextCursor").isTextual() ? page.get("nextCursor").asText() : null;
        } while (cursor != null && ids.size() < TIMELINE_CAP);
        return ids;
    }

    private JsonNode get(URI uri, Api.Token token) {
        try {
            HttpResponse<byte[]> response = http.send(request(uri, token), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri.getPath() + " answered " + response.statusCode());
            }
            return Api.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri.getPath() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private int status(URI uri) {
        try {
            return http.send(request(uri, null), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private HttpRequest request(URI uri, Api.Token token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
        if (token != null) {
            request.header("Authorization", token.header());
        }
        return request.build();
    }

    private static <T> Set<T> difference(Set<T> a, Set<T> b) {
        Set<T> d = new LinkedHashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
