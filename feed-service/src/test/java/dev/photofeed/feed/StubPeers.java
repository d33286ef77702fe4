package dev.photofeed.feed;

import com.sun.net.httpserver.HttpExchange;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.common.web.Cursors;
import dev.photofeed.common.web.Page;
import dev.photofeed.common.web.PathIds;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.StubServer;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.testsupport.TestTokens;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * user-service and media-service as feed-service sees them. Each is a {@link StubServer} answering the calls
 * feed-service makes (a profile's follower count, follower ids, a following list, a user's photos, a batch of
 * photos) from accounts, follow edges and photos kept here, in the real controllers' shapes, paging and
 * problems. What a test does on the peers (sign up, follow, unfollow, post) changes that state and publishes
 * the event the real service would ({@link PeerEvents}), so it reaches feed-service through the real Kafka.
 */
final class StubPeers implements AutoCloseable {

    /** A post is PublicApi's upload, an 8×6 PNG, as media-service measures it; its one thumbnail size. */
    private static final int WIDTH = 8;
    private static final int HEIGHT = 6;
    private static final int THUMBNAIL = 320;
    /** The real controllers' page sizes: {@code /api/**} lists, and {@code /internal} follower ids. */
    private static final int DEFAULT_LIMIT = 20;
    private static final int MAX_LIMIT = 100;
    private static final int IDS_DEFAULT_LIMIT = 5000;
    private static final int IDS_MAX_LIMIT = 10_000;
    private static final int BATCH_MAX = 500;
    /** As long as user-service's tokens: a test class's users read feeds for longer than TestTokens' default. */
    private static final Duration TOKEN_TTL = Duration.ofMinutes(15);

    private static final Pattern PROFILE = Pattern.compile("/api/users/([^/]+)");
    private static final Pattern FOLLOWING = Pattern.compile("/api/users/([^/]+)/following");
    private static final Pattern FOLLOWER_IDS = Pattern.compile("/internal/users/([^/]+)/followers");
    private static final Pattern PHOTOS = Pattern.compile("/api/users/([^/]+)/photos");
    private static final AtomicInteger NEXT = new AtomicInteger();

    private record Account(long id, String username, String displayName) {
    }

    private record Edge(boolean active, long version) {
    }

    private record Photo(long id, long ownerId, String caption, boolean thumbnailReady) {
    }

    final String userService;
    final String mediaService;
    private final PeerEvents events;
    private final StubServer users;
    private final StubServer media;
    private final Map<Long, Account> accounts = new HashMap<>();
    /** follower → followee → edge; an unfollowed edge stays, inactive, with its version, as user-service keeps it */
    private final Map<Long, TreeMap<Long, Edge>> following = new HashMap<>();
    private final TreeMap<Long, Photo> photos = new TreeMap<>();
    private long lastMillis;

    private StubPeers(TestStores stores) {
        events = new PeerEvents(stores);
        users = new StubServer(exchange -> answer(exchange, () -> userService(exchange)));
        media = new StubServer(exchange -> answer(exchange, () -> mediaService(exchange)));
        userService = users.url();
        mediaService = media.url();
    }

    /** Peers on the test class's stores: their events go under its Kafka prefix. */
    static StubPeers start(TestStores stores) {
        return new StubPeers(stores);
    }

    /** Signs up an account (user-service's {@code user-created}) and gives it a token feed-service trusts. */
    synchronized PublicApi.User newUser(String name) {
        String username = name + "_" + NEXT.incrementAndGet();
        long id = nextId(ThreadLocalRandom.current().nextInt(PhotofeedId.LOGICAL_SHARDS));
        accounts.put(id, new Account(id, username, name));
        events.userCreated(PhotofeedId.format(id), username, name);
        return new PublicApi.User(PhotofeedId.format(id), username, TestTokens.forUser(id, TOKEN_TTL));
    }

    synchronized void follow(PublicApi.User follower, PublicApi.User followee) {
        changeEdge(follower, followee, true);
    }

    synchronized void unfollow(PublicApi.User follower, PublicApi.User followee) {
        changeEdge(follower, followee, false);
    }

    /** As user-service's follow graph: an edge already in that state changes nothing and sends no event. */
    private void changeEdge(PublicApi.User followerUser, PublicApi.User followeeUser, boolean active) {
        Account follower = account(followerUser.id());
        Account followee = account(followeeUser.id());
        if (follower.id() == followee.id()) {
            throw new IllegalArgumentException("a user cannot follow themselves");
        }
        TreeMap<Long, Edge> edges = following.computeIfAbsent(follower.id(), f -> new TreeMap<>());
        Edge edge = edges.getOrDefault(followee.id(), new Edge(false, 0));
        if (edge.active() == active) {
            return;
        }
        Edge changed = new Edge(active, edge.version() + 1);
        edges.put(followee.id(), changed);
        events.followChanged(PhotofeedId.format(follower.id()), PhotofeedId.format(followee.id()), active, changed.version(),
                follower.username(), follower.displayName());
    }

    /**
     * Posts a photo ({@code photo-posted}, its thumbnail pending) and makes its thumbnail ({@code photo-updated}),
     * as media-service's upload and thumbnailer do; answers its id.
     */
    synchronized String post(PublicApi.User ownerUser, String caption) {
        Account owner = account(ownerUser.id());
        long id = nextId(PhotofeedId.logicalShard(owner.id()));
        Photo photo = new Photo(id, owner.id(), caption, false);
        photos.put(id, photo);
        events.photoPosted(view(photo));
        Photo ready = new Photo(id, owner.id(), caption, true);
        photos.put(id, ready);
        events.photoUpdated(view(ready));
        return PhotofeedId.format(id);
    }

    synchronized long followerCount(PublicApi.User user) {
        return followerIds(account(user.id()).id()).size();
    }

    /**
     * An id in PhotofeedId's layout on the given logical shard, each in a later millisecond than the last: ids
     * sort in the order they were made, whatever their shards, as a test's posts one after another do.
     */
    private long nextId(int logicalShard) {
        long now = System.currentTimeMillis() - PhotofeedId.EPOCH.toEpochMilli();
        lastMillis = Math.max(now, lastMillis + 1);
        return PhotofeedId.compose(lastMillis, logicalShard, 0);
    }

    private Account account(String id) {
        Account account = accounts.get(Long.parseLong(id));
        if (account == null) {
            throw new IllegalArgumentException("no account " + id + " on the stub peers");
        }
        return account;
    }

    // --- user-service ---

    private synchronized String userService(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = StubServer.query(exchange);
        Matcher matched;
        if (get(exchange) && (matched = PROFILE.matcher(path)).matches()) {
            return profile(existingUser(matched.group(1)));
        }
        if (get(exchange) && (matched = FOLLOWING.matcher(path)).matches()) {
            long user = PathIds.parse(matched.group(1), "user-not-found", "user");
            int limit = limit(query, DEFAULT_LIMIT, MAX_LIMIT);
            existingUser(matched.group(1));
            long after = Cursors.decode(query.get("cursor"), 0);
            List<Account> followees = following.getOrDefault(user, new TreeMap<>()).tailMap(after, false).entrySet().stream()
                    .filter(e -> e.getValue().active()).limit(limit + 1L).map(e -> accounts.get(e.getKey())).toList();
            return write(Page.of(followees, limit, StubPeers::summary, a -> Cursors.encode(a.id())));
        }
        if (get(exchange) && (matched = FOLLOWER_IDS.matcher(path)).matches()) {
            long user = PathIds.parse(matched.group(1), "user-not-found", "user");
            int limit = limit(query, IDS_DEFAULT_LIMIT, IDS_MAX_LIMIT);
            existingUser(matched.group(1));
            long after = Cursors.decode(query.get("cursor"), 0);
            List<Long> ids = followerIds(user).stream().filter(id -> id > after).limit(limit + 1L).toList();
            return write(Page.of(ids, limit, PhotofeedId::format, Cursors::encode));
        }
        throw notFound(path);
    }

    private String profile(Account account) {
        long followingCount = following.getOrDefault(account.id(), new TreeMap<>()).values().stream().filter(Edge::active).count();
        long photoCount = photos.values().stream().filter(p -> p.ownerId() == account.id()).count();
        return PublicApi.JSON.writeValueAsString(PublicApi.JSON.createObjectNode()
                .put("id", PhotofeedId.format(account.id()))
                .put("username", account.username())
                .put("displayName", account.displayName())
                .put("followerCount", followerIds(account.id()).size())
                .put("followingCount", followingCount)
                .put("photoCount", photoCount));
    }

    /** Who follows {@code followee}, by id, ascending. */
    private List<Long> followerIds(long followee) {
        return following.entrySet().stream()
                .filter(e -> e.getValue().getOrDefault(followee, new Edge(false, 0)).active())
                .map(Map.Entry::getKey).sorted().toList();
    }

    private static ObjectNode summary(Account account) {
        return PublicApi.JSON.createObjectNode().put("id", PhotofeedId.format(account.id()))
                .put("username", account.username()).put("displayName", account.displayName());
    }

    private Account existingUser(String text) {
        long id = PathIds.parse(text, "user-not-found", "user");
        Account account = accounts.get(id);
        if (account == null) {
            throw ApiException.notFound("user-not-found", "no user with id " + PhotofeedId.format(id));
        }
        return account;
    }

    // --- media-service ---

    private synchronized String mediaService(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Matcher matched;
        if (exchange.getRequestMethod().equals("POST") && path.equals("/internal/photos/batch")) {
            return batch(PublicApi.JSON.readTree(exchange.getRequestBody().readAllBytes()));
        }
        if (get(exchange) && (matched = PHOTOS.matcher(path)).matches()) {
            Map<String, String> query = StubServer.query(exchange);
            long owner = PathIds.parse(matched.group(1), "user-not-found", "user");
            int limit = limit(query, DEFAULT_LIMIT, MAX_LIMIT);
            long before = Cursors.decode(query.get("cursor"), Long.MAX_VALUE);
            // media-service knows the users it has heard of: here, every account
            existingUser(matched.group(1));
            List<Photo> page = photos.headMap(before, false).descendingMap().values().stream()
                    .filter(p -> p.ownerId() == owner).limit(limit + 1L).toList();
            return write(Page.of(page, limit, StubPeers::view, p -> Cursors.encode(p.id())));
        }
        throw notFound(path);
    }

    /** PhotoBatch: {@code found} views, {@code missing} ids; nothing is ever {@code unavailable} here. */
    private String batch(JsonNode request) {
        if (!request.path("ids").isArray() || request.path("ids").isEmpty()) {
            throw ApiException.badRequest("invalid-batch", "ids must name at least one photo");
        }
        if (request.path("ids").size() > BATCH_MAX) {
            throw ApiException.badRequest("invalid-batch", "at most " + BATCH_MAX + " ids per call");
        }
        Set<Long> ids = new LinkedHashSet<>();
        request.path("ids").forEach(id -> ids.add(PhotofeedId.parse(id.asString())
                .orElseThrow(() -> ApiException.badRequest("invalid-id", "not a photo id: " + id.asString()))));
        ArrayNode found = PublicApi.JSON.createArrayNode();
        List<String> missing = new ArrayList<>();
        for (long id : ids) {
            Photo photo = photos.get(id);
            if (photo == null) {
                missing.add(PhotofeedId.format(id));
            } else {
                found.add(view(photo));
            }
        }
        ObjectNode response = PublicApi.JSON.createObjectNode();
        response.set("found", found);
        response.set("missing", PublicApi.JSON.valueToTree(missing));
        response.putArray("unavailable");
        return PublicApi.JSON.writeValueAsString(response);
    }

    /** media-service's PhotoView: what its API answers and its PhotoEvent carries. */
    private static ObjectNode view(Photo photo) {
        String id = PhotofeedId.format(photo.id());
        ObjectNode view = PublicApi.JSON.createObjectNode()
                .put("id", id)
                .put("ownerId", PhotofeedId.format(photo.ownerId()))
                .put("caption", photo.caption())
                .put("createdAt", PhotofeedId.createdAt(photo.id()).toString())
                .put("contentUrl", "/api/photos/" + id + "/content")
                .put("width", WIDTH)
                .put("height", HEIGHT);
        ObjectNode thumbnail = view.putArray("thumbnails").addObject().put("size", THUMBNAIL);
        if (photo.thumbnailReady()) {
            thumbnail.put("status", "ready").put("url", "/api/photos/" + id + "/thumbnails/" + THUMBNAIL);
        } else {
            thumbnail.put("status", "pending").putNull("url");
        }
        return view;
    }

    // --- both ---

    private interface Answer {
        String body() throws IOException;
    }

    /** 200 with the JSON, or the problem common's ProblemDetailsHandler writes; a stub bug is a 500 and is printed. */
    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        String body;
        try {
            body = answer.body();
        } catch (ApiException e) {
            problem(exchange, e.status(), e.type().toString(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            e.printStackTrace();
            problem(exchange, HttpStatus.INTERNAL_SERVER_ERROR, ApiException.type("internal-error").toString(), "internal error");
            return;
        }
        StubServer.json(exchange, 200, body);
    }

    private static void problem(HttpExchange exchange, HttpStatus status, String type, String detail) throws IOException {
        StubServer.respond(exchange, status.value(), "application/problem+json", PublicApi.JSON.writeValueAsString(
                PublicApi.JSON.createObjectNode().put("type", type).put("title", status.getReasonPhrase())
                        .put("status", status.value()).put("detail", detail)
                        .put("instance", exchange.getRequestURI().getRawPath())));
    }

    private static boolean get(HttpExchange exchange) {
        return exchange.getRequestMethod().equals("GET");
    }

    /** {@code ?limit=} as the controllers bind it: not a number is Spring's 400, out of range Page.limit's. */
    private static int limit(Map<String, String> query, int defaultLimit, int max) {
        String text = query.get("limit");
        Integer requested;
        try {
            requested = text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid-parameter", "limit is not a number");
        }
        return Page.limit(requested, defaultLimit, max);
    }

    private static ApiException notFound(String path) {
        return ApiException.notFound("not-found", "no " + path + " on this stub: feed-service does not call it");
    }

    private static String write(Page<?> page) {
        return PublicApi.JSON.writeValueAsString(page);
    }

    @Override
    public void close() {
        users.close();
        media.close();
        events.close();
    }
}
