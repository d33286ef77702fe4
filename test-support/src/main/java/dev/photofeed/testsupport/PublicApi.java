package dev.photofeed.testsupport;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
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
import java.util.function.Predicate;

/**
 * The public API as a client sees it, for every module's tests: sign-up and log-in, follows, uploads, feed pages.
 * Through a gateway, or straight to each service (its calls go to the service that owns the path, as the
 * gateway's routes would send them).
 */
public final class PublicApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
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

    public record User(String id, String username, String token) {
    }

    /** An answer: its status, body and headers, and the call it answers for messages. */
    public record Answer(int status, String text, HttpHeaders headers, String call) {

        public JsonNode json() {
            return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        }

        /** This answer, if its status is {@code expected}; otherwise an assertion error that shows it. */
        public Answer expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + " but got " + status + " from " + call + ": " + abbreviate(text));
            }
            return this;
        }
    }

    /** Signs up a new account with a unique username and logs it in. */
    public User newUser(String name) {
        String username = name + "_" + NEXT.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Answer created = call("POST", "/api/users", null,
                Map.of("username", username, "password", "password-" + username, "displayName", name)).expect(201);
        Answer token = call("POST", "/api/auth/token", null,
                Map.of("username", username, "password", "password-" + username)).expect(200);
        return new User(created.json().path("id").asString(), username, token.json().path("accessToken").asString());
    }

    public void follow(User follower, User followee) {
        call("PUT", "/api/users/me/following/" + followee.id(), follower.token(), null).expect(204);
    }

    public void unfollow(User follower, User followee) {
        call("DELETE", "/api/users/me/following/" + followee.id(), follower.token(), null).expect(204);
    }

    /** Uploads a small PNG, unique to this call, with any extra headers (a {@code traceparent}, say). */
    public Answer upload(User owner, String caption, Map<String, String> headers) {
        String boundary = "b" + UUID.randomUUID();
        byte[] body = multipart(boundary, png(), caption);
        long until = System.nanoTime() + UNKNOWN_USER_WAIT.toNanos();
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(media + "/api/photos"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + owner.token())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            Answer answer = send(request);
            if (answer.status() != 404 || System.nanoTime() > until) {
                return answer;
            }
            pause(200);
        }
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

    /** A GET of a public path, as {@code user} (or anonymous, with null). */
    public Answer get(String path, User user) {
        return call("GET", path, user == null ? null : user.token(), null);
    }

    /**
     * A JSON call of a public path. Tests sign up and log in several users from one address, which the gateway's
     * sign-up/log-in limit refuses in bursts: like a polite client, this waits the Retry-After it is given.
     */
    public Answer call(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base(path) + path)).timeout(CALL_TIMEOUT);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Content-Type", "application/json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        Answer answer = send(request);
        for (int retry = 0; retry < 5 && answer.status() == 429; retry++) {
            pause(1000 * answer.headers().firstValueAsLong("Retry-After").orElse(1));
            answer = send(request);
        }
        return answer;
    }

    /** A plain GET of any URL (Zipkin's API, an Actuator endpoint). */
    public Answer fetch(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    /** GETs {@code url} until {@code done} holds for its answer, or fails with the last answer after {@code timeout}. */
    public Answer poll(String url, Duration timeout, Predicate<Answer> done) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            Answer answer = fetch(url);
            if (done.test(answer)) {
                return answer;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("after " + timeout.toSeconds() + " s, " + url + " answered "
                        + answer.status() + ": " + abbreviate(answer.text()));
            }
            pause(500);
        }
    }

    public Answer send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response.headers(), built.method() + " " + built.uri());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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

    private static byte[] png() {
        BufferedImage image = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, NEXT.incrementAndGet());
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] multipart(String boundary, byte[] file, String caption) {
        var out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n" + caption + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(file);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }
}
