package dev.photofeed.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * The public API as a client sees it, for every module's tests: sign-up and log-in, follows, uploads, feed pages.
 * Through a gateway, or straight to each service (its calls go to the service that owns the path, as the
 * gateway's routes would send them), or to one service for its own tests. Every answer, 4xx and 5xx included,
 * is a value.
 */
public final class PublicApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    /** The password of every account this client signs up. */
    public static final String PASSWORD = "correct horse battery";
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration UPLOAD_TIMEOUT = Duration.ofSeconds(30);
    /** media-service takes uploads only from users it has heard of through Kafka: a new user waits up to this. */
    private static final Duration UNKNOWN_USER_WAIT = Duration.ofSeconds(30);

    // HTTP/1.1 as the services speak it: no h2c upgrade attempt on each new connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String users;
    private final String media;
    private final String feed;

    private PublicApi(String users, String media, String feed) {
        this.users = users;
        this.media = media;
        this.feed = feed;
    }

    /** Every call through one gateway. */
    public static PublicApi throughGateway(String gateway) {
        return new PublicApi(gateway, gateway, gateway);
    }

    /** Each call to the service that owns its path. */
    public static PublicApi toServices(String users, String media, String feed) {
        return new PublicApi(users, media, feed);
    }

    /** Every call, internal paths too, to the one service under test. */
    public static PublicApi toService(String base) {
        return new PublicApi(base, base, base);
    }

    public record User(String id, String username, String token) {
    }

    /** An answer: its status, body and headers, and the call it answers for messages. */
    public record Answer(int status, byte[] body, HttpHeaders headers, String call) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return body.length == 0 ? JSON.nullNode() : JSON.readTree(body);
        }

        /** A header's first value, or null. */
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        /** This answer, if its status is {@code expected}; otherwise an assertion error that shows it. */
        public Answer expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + " from " + call + ": " + abbreviate(text()));
            }
            return this;
        }
    }

    /** A valid username, unique within the test JVM, that starts with {@code prefix}. */
    public static String uniqueName(String prefix) {
        return prefix + "_" + NEXT.incrementAndGet() + "_" + Long.toString(Math.floorMod(System.nanoTime(), 1_000_000L), 36);
    }

    /** Signs up a new account with a unique username and logs it in. */
    public User newUser(String name) {
        String username = uniqueName(name);
        String id = signUp(username);
        return new User(id, username, logIn(username));
    }

    /** Signs up {@code username} with {@link #PASSWORD} and answers its id. */
    public String signUp(String username) {
        return call("POST", "/api/users", null,
                Map.of("username", username, "password", PASSWORD, "displayName", "Name of " + username))
                .expect(201).json().path("id").asString();
    }

    /** Logs {@code username} in with {@link #PASSWORD} and answers its access token. */
    public String logIn(String username) {
        return call("POST", "/api/auth/token", null, Map.of("username", username, "password", PASSWORD))
                .expect(200).json().path("accessToken").asString();
    }

    public void follow(User follower, User followee) {
        follow(follower.token(), followee.id()).expect(204);
    }

    public void unfollow(User follower, User followee) {
        unfollow(follower.token(), followee.id()).expect(204);
    }

    /** A follow of {@code followeeId} (any text) as {@code token} (none with null), whatever it answers. */
    public Answer follow(String token, String followeeId) {
        return call("PUT", "/api/users/me/following/" + followeeId, token, null);
    }

    public Answer unfollow(String token, String followeeId) {
        return call("DELETE", "/api/users/me/following/" + followeeId, token, null);
    }

    /**
     * Uploads a small PNG, unique to this call, with any extra headers (a {@code traceparent}, say); while
     * media-service answers 404 as it has not heard of the new user yet, it tries again.
     */
    public Answer upload(User owner, String caption, Map<String, String> headers) {
        String boundary = boundary();
        byte[] body = multipart(boundary, png(), "p.png", caption);
        return await("media-service to know user " + owner.id()).atMost(UNKNOWN_USER_WAIT)
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> send(uploadRequest(owner.token(), boundary, body, headers)), answer -> answer.status() != 404);
    }

    /** An upload as {@code token} of {@code file} named {@code fileName}, and of {@code caption}; null leaves each out. */
    public Answer upload(String token, byte[] file, String fileName, String caption) {
        String boundary = boundary();
        return upload(token, boundary, multipart(boundary, file, fileName, caption));
    }

    /**
     * An upload of exactly {@code body}, well-formed or not, declared as multipart with {@code boundary}. It sends
     * {@code Expect: 100-continue}, as curl does for big bodies, so a 413 sent before the body is read arrives
     * instead of a broken pipe.
     */
    public Answer upload(String token, String boundary, byte[] body) {
        return send(uploadRequest(token, boundary, body, Map.of()).expectContinue(true));
    }

    /** Posts a photo and answers its id. */
    public String post(User owner, String caption) {
        return upload(owner, caption, Map.of()).expect(201).json().path("id").asString();
    }

    /** One page of {@code reader}'s feed; {@code query} as in {@code limit=2&cursor=…}, or null. */
    public Answer feed(User reader, String query) {
        return get("/api/feed" + (query == null ? "" : "?" + query), reader);
    }

    /** Every item id of a feed, page by page. */
    public List<String> wholeFeed(User reader) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = feed(reader, "limit=100" + (cursor == null ? "" : "&cursor=" + cursor)).expect(200).json();
            ids.addAll(ids(page));
            cursor = page.path("nextCursor").asString(null);
        } while (cursor != null);
        return ids;
    }

    /** The item ids of one feed page. */
    public static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    /** An anonymous GET of a path. */
    public Answer get(String path) {
        return get(path, null);
    }

    /** A GET of a path, as {@code user} (or anonymous, with null). */
    public Answer get(String path, User user) {
        return call("GET", path, user == null ? null : user.token(), null);
    }

    /** An anonymous conditional GET: 304 while {@code etag} is still the content's. */
    public Answer getIfNoneMatch(String path, String etag) {
        return send(HttpRequest.newBuilder(URI.create(base(path) + path)).timeout(CALL_TIMEOUT).header("If-None-Match", etag).GET());
    }

    /** A POST of {@code json} sent as it is, well-formed or not. */
    public Answer postJson(String path, String json) {
        return json("POST", path, null, json);
    }

    /**
     * A JSON call of a path, {@code body} written as JSON (none with null). Tests sign up and log in several users
     * from one address, which the gateway's sign-up/log-in limit refuses in bursts: like a polite client, this
     * waits the Retry-After it is given, when it is at most 10 s (a longer one is returned, to assert on).
     */
    public Answer call(String method, String path, String token, Object body) {
        return json(method, path, token, body == null ? null : JSON.writeValueAsString(body));
    }

    /** A plain GET of any URL (Zipkin's API, an Actuator endpoint). */
    public Answer fetch(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    /** GETs {@code url} until {@code done} holds for its answer, or fails with the last answer after {@code timeout}. */
    public Answer poll(String url, Duration timeout, Predicate<Answer> done) {
        AtomicReference<Answer> last = new AtomicReference<>();
        await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            last.set(fetch(url));
            if (!done.test(last.get())) {
                throw new AssertionError(url + " answered " + last.get().status() + ": " + abbreviate(last.get().text()));
            }
        });
        return last.get();
    }

    public Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<byte[]> response = http.send(built, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), response.headers(), built.method() + " " + built.uri());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static long retryAfter(Answer answer) {
        return answer.headers().firstValueAsLong("Retry-After").orElse(1);
    }

    private Answer json(String method, String path, String token, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(path) + path)).timeout(CALL_TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Content-Type", "application/json").method(method, json == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        Answer answer = send(request);
        // a wait longer than a test's patience is an answer to assert on, not one to sit out
        for (int retry = 0; retry < 5 && answer.status() == 429 && retryAfter(answer) <= 10; retry++) {
            pause(1000 * retryAfter(answer));
            answer = send(request);
        }
        return answer;
    }

    private HttpRequest.Builder uploadRequest(String token, String boundary, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(media + "/api/photos"))
                .timeout(UPLOAD_TIMEOUT)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        return request;
    }

    /** The service that owns a public path, as the gateway routes it. */
    private String base(String path) {
        if (path.startsWith("/api/photos")) {
            return media;
        }
        if (path.startsWith("/api/feed")) {
            return feed;
        }
        return path.matches("/api/users/[^/]+/photos.*") ? media : users;
    }

    private static String boundary() {
        return "b" + UUID.randomUUID();
    }

    private static byte[] png() {
        return TestImages.encode("png", 8, 6, NEXT.incrementAndGet());
    }

    private static byte[] multipart(String boundary, byte[] file, String fileName, String caption) {
        var out = new ByteArrayOutputStream();
        if (file != null) {
            part(out, boundary, "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
                    + "Content-Type: application/octet-stream", file);
        }
        if (caption != null) {
            part(out, boundary, "Content-Disposition: form-data; name=\"caption\"", caption.getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String boundary, String headers, byte[] content) {
        out.writeBytes(("--" + boundary + "\r\n" + headers + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }
}
