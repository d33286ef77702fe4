package dev.photofeed.loadtests.seed;

import dev.photofeed.localstack.Component;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photofeed.localstack.StackException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The public API as the seeder and the simulations' set-up call it: plain JSON. Accounts, tokens and follows go
 * to {@code users}, photos to {@code media}, feeds to {@code feed}: all three are the gateway for a client's
 * view, or the services' own ports for bulk work the edge's per-client limits (10 log-ins a minute) would
 * throttle. A 429, and a 503 or 504 on a call safe to repeat, is waited out as {@link Backoff} says.
 */
public final class Api {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 9110's idempotent methods: repeating one after an answer that may have come late changes nothing. */
    private static final Duration KNOWN_USER_WAIT = Duration.ofSeconds(30);
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    private final URI users;
    private final URI media;
    private final URI feed;
    /** user-service's own port: its bulk sign-up is under /internal, which the gateway never routes. */
    private final URI accounts;
    // HTTP/1.1 as the services speak it: no h2c upgrade attempt on each new connection
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    public Api(URI users, URI media, URI feed, URI accounts) {
        this.users = users;
        this.media = media;
        this.feed = feed;
        this.accounts = accounts;
    }

    /** No bulk sign-up: {@code users} is user-service's own port or the gateway. */
    public Api(URI users, URI media, URI feed) {
        this(users, media, feed, users);
    }

    /** Everything through one address (the gateway) but the bulk sign-up, which only user-service's own port answers. */
    public static Api via(URI gateway, dev.photofeed.localstack.Ports ports) {
        return new Api(gateway, gateway, gateway, local(ports.of(Component.USER_SERVICE)));
    }

    /** Straight to the services of a ./stack, past the edge. */
    public static Api direct(dev.photofeed.localstack.Ports ports) {
        URI users = local(ports.of(Component.USER_SERVICE));
        return new Api(users, local(ports.of(Component.MEDIA_SERVICE)), local(ports.of(Component.FEED_SERVICE)), users);
    }

    private static URI local(int port) {
        return URI.create("http://localhost:" + port);
    }

    public String describe() {
        return users.equals(media) ? users.toString() : "the services (" + users + ", " + media + ")";
    }

    public record Reply(int status, JsonNode body, String retryAfter) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** An account from the bulk sign-up: its token (naming its id), and whether it was created now or logged into. */
    public record Seeded(Token token, boolean created) {
    }

    /**
     * Signs the accounts up, or logs them in where they exist, in one call to user-service's bulk sign-up for
     * seeding ({@code POST /internal/accounts}: one password hash per call instead of two per account). Each
     * account's display name is its username.
     */
    public List<Seeded> seedAccounts(String password, List<String> usernames) {
        Map<String, Object> body = Map.of("password", password,
                "accounts", usernames.stream().map(u -> Map.of("username", u, "displayName", u)).toList());
        Reply reply = seeding("/internal/accounts", "bulk sign-up", body);
        List<Seeded> seeded = new ArrayList<>(usernames.size());
        for (JsonNode account : expect(reply, "sign up " + usernames.size() + " accounts from " + usernames.getFirst()).get("accounts")) {
            seeded.add(new Seeded(new Token(account.get("accessToken").asText(), Long.parseLong(account.get("id").asText())),
                    account.get("created").asBoolean()));
        }
        return seeded;
    }

    public Token login(String username, String password) {
        JsonNode body = expect(send(users, "POST", "/api/auth/token", null,
                json(Map.of("username", username, "password", password)), "application/json"), "log in " + username);
        String token = body.get("accessToken").asText();
        return new Token(token, subject(token));
    }

    /** A bearer token and the user id it names (its {@code sub} claim). */
    public record Token(String accessToken, long userId) {
        public String header() {
            return "Bearer " + accessToken;
        }
    }

    /** One user's follows in one call (user-service's seeding endpoint, on its own port); how many were new. */
    public int seedFollows(long follower, List<Long> followees) {
        Map<String, Object> body = Map.of("followerId", String.valueOf(follower),
                "followeeIds", followees.stream().map(String::valueOf).toList());
        return expect(seeding("/internal/follows", "bulk follow", body), "follows of " + follower).get("changed").asInt();
    }

    /**
     * A call to one of user-service's seeding endpoints; a 404 that names no unknown user means the endpoint is
     * not there, because the seeding switch is off.
     */
    private Reply seeding(String path, String what, Map<String, Object> body) {
        Reply reply = send(accounts, "POST", path, null, json(body), "application/json");
        if (reply.status() == 404 && !reply.body().path("type").asText().endsWith("/user-not-found")) {
            throw new StackException("user-service at " + accounts + " has no " + what + " (POST " + path + "): "
                    + "run it with PHOTOFEED_SEEDING_ENABLED=true, as ./stack up does");
        }
        return reply;
    }

    public void follow(Token follower, long followee) {
        expect(send(users, "PUT", "/api/users/me/following/" + followee, follower, null, null), "follow " + followee);
    }

    /** How many photos the user has, counting up to {@code upTo}, from media-service (the profile's count lags behind Kafka). */
    public int photoCount(long userId, int upTo) {
        // media-service hears of a new account through Kafka; until it has, it knows no such user (and takes no upload)
        long until = System.nanoTime() + KNOWN_USER_WAIT.toNanos();
        Reply reply = send(media, "GET", "/api/users/" + userId + "/photos?limit=" + Math.max(1, upTo), null, null, null);
        while (reply.status() == 404 && reply.body().path("type").asText().endsWith("/user-not-found") && System.nanoTime() < until) {
            Backoff.sleep(Duration.ofMillis(200));
            reply = send(media, "GET", "/api/users/" + userId + "/photos?limit=" + Math.max(1, upTo), null, null, null);
        }
        return expect(reply, "photos of " + userId).path("items").size();
    }

    public long post(Token owner, byte[] png, String caption) {
        String boundary = "photofeed-" + System.nanoTime();
        JsonNode body = expect(send(media, "POST", "/api/photos", owner, multipart(boundary, png, caption),
                "multipart/form-data; boundary=" + boundary), "post a photo");
        return body.get("id").asLong();
    }

    /** The ids on the first page of a user's feed. */
    public JsonNode feed(Token reader, int limit) {
        return expect(send(feed, "GET", "/api/feed?limit=" + limit, reader, null, null), "read the feed");
    }

    /**
     * One call, retried after the wait {@link Backoff} gives, up to its attempts, when the answer says "later":
     * a 429, or for a call that is safe to repeat (RFC 9110's idempotent methods) a 503 or 504 — what the gateway
     * answers while a just-started service is still too slow for its time limit.
     */
    private Reply send(URI base, String method, String path, Token token, byte[] body, String contentType) {
        for (int attempt = 0; ; attempt++) {
            Reply reply = sendOnce(base, method, path, token, body, contentType);
            if (!worthRetrying(method, reply.status()) || attempt >= Backoff.ATTEMPTS) {
                return reply;
            }
            Backoff.sleep(Backoff.delay(reply.retryAfter(), attempt));
        }
    }

    private static boolean worthRetrying(String method, int status) {
        return status == 429 || (status == 503 || status == 504) && IDEMPOTENT.contains(method);
    }

    private Reply sendOnce(URI base, String method, String path, Token token, byte[] body, String contentType) {
        // generous: a bulk sign-up on a just-started user-service runs its crypto before the JIT has compiled it
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", token.header());
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = response.body();
            JsonNode json = bytes.length == 0 ? JSON.nullNode() : readOrText(bytes);
            return new Reply(response.statusCode(), json, response.headers().firstValue("Retry-After").orElse(null));
        } catch (ConnectException e) {
            throw new StackException("nothing answers at " + base + ": start the stack first (./stack up --detach)");
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode readOrText(byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (IOException notJson) {
            return JSON.getNodeFactory().textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static JsonNode expect(Reply reply, String what) {
        if (!reply.ok()) {
            throw new IllegalStateException(what + ": HTTP " + reply.status() + " " + reply.body());
        }
        return reply.body();
    }

    private static byte[] json(Map<String, ?> fields) {
        try {
            return JSON.writeValueAsBytes(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A photo upload's body: the caption, then the PNG as the {@code file} part. */
    public static byte[] multipart(String boundary, byte[] png, String caption) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"caption\"\r\n\r\n" + caption + "\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"seed.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n";
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(png);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** The {@code sub} claim of a JWT, read without checking it: the gateway and services do that. */
    static long subject(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        try {
            return JSON.readTree(payload).get("sub").asLong();
        } catch (IOException e) {
            throw new IllegalStateException("a token without a readable subject", e);
        }
    }
}
