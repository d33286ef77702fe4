package dev.photofeed.feed;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** The public API of the three services, as a client sees it. */
final class Api {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String users;
    private final String media;
    private final String feed;

    Api(String users, String media, String feed) {
        this.users = users;
        this.media = media;
        this.feed = feed;
    }

    record User(String id, String username, String token) {
    }

    record Response(int status, JsonNode body) {
    }

    User newUser(String name) {
        String username = name + "_" + NEXT.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        Response created = send("POST", users + "/api/users", null,
                Map.of("username", username, "password", "password-" + username, "displayName", name));
        check(created, 201);
        Response token = send("POST", users + "/api/auth/token", null,
                Map.of("username", username, "password", "password-" + username));
        check(token, 200);
        return new User(created.body().path("id").asString(), username, token.body().path("accessToken").asString());
    }

    void follow(User follower, User followee) {
        check(send("PUT", users + "/api/users/me/following/" + followee.id(), follower.token(), null), 204);
    }

    void unfollow(User follower, User followee) {
        check(send("DELETE", users + "/api/users/me/following/" + followee.id(), follower.token(), null), 204);
    }

    long followerCount(User user) {
        return send("GET", users + "/api/users/" + user.id(), null, null).body().path("followerCount").asLong();
    }

    /** Posts a small PNG; media-service only takes uploads from users it has heard of, so this waits for that. */
    String post(User owner, String caption) {
        byte[] png = png();
        String boundary = "b" + UUID.randomUUID();
        byte[] body = multipart(boundary, png, caption);
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(media + "/api/photos"))
                    .header("Authorization", "Bearer " + owner.token())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
            if (response.statusCode() == 201) {
                return json.readTree(response.body()).path("id").asString();
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("upload answered " + response.statusCode() + ": " + response.body());
            }
            pause();
        }
    }

    Response feed(User reader, String query) {
        return send("GET", feed + "/api/feed" + (query == null ? "" : "?" + query), reader == null ? null : reader.token(), null);
    }

    /** Every item id of a feed, page by page. */
    List<String> wholeFeed(User reader) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Response page = feed(reader, "limit=100" + (cursor == null ? "" : "&cursor=" + cursor));
            check(page, 200);
            ids.addAll(ids(page.body()));
            cursor = page.body().path("nextCursor").asString(null);
        } while (cursor != null);
        return ids;
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.path("items").forEach(item -> ids.add(item.path("id").asString()));
        return ids;
    }

    Response send(String method, String url, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response = exchange(request);
        return new Response(response.statusCode(), response.body().isEmpty() ? json.nullNode() : json.readTree(response.body()));
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void check(Response response, int status) {
        if (response.status() != status) {
            throw new AssertionError("expected " + status + " but got " + response.status() + ": " + response.body());
        }
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

    static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
