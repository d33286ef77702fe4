package dev.photofeed.systemtests;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** A client of the public API through the gateway, and plain JSON GETs for Zipkin and Actuator. */
final class Client {

    private static final AtomicInteger NEXT = new AtomicInteger();
    static final JsonMapper JSON = JsonMapper.builder().build();

    // HTTP/1.1 as the services speak it: no h2c upgrade attempt on each new connection (feed-service's peer client does the same)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String gateway;

    Client(String gateway) {
        this.gateway = gateway;
    }

    record User(String id, String username, String token) {
    }

    User newUser(String name) {
        String username = name + "_" + NEXT.incrementAndGet() + "_" + Long.toString(System.nanoTime() % 1_000_000, 36);
        HttpResponse<String> created = json("POST", "/api/users", null,
                Map.of("username", username, "password", "password-" + username, "displayName", name));
        expect(created, 201);
        HttpResponse<String> token = json("POST", "/api/auth/token", null,
                Map.of("username", username, "password", "password-" + username));
        expect(token, 200);
        return new User(tree(created).path("id").asString(), username, tree(token).path("accessToken").asString());
    }

    void follow(User follower, User followee) {
        expect(json("PUT", "/api/users/me/following/" + followee.id(), follower.token(), null), 204);
    }

    /**
     * Uploads a small PNG with the given extra headers (a {@code traceparent}, say). media-service takes uploads
     * only from users it has heard of through Kafka, so a 404 for a brand-new user is retried for a while.
     */
    HttpResponse<String> upload(User owner, Map<String, String> headers) {
        String boundary = "b" + UUID.randomUUID();
        byte[] body = multipart(boundary, png(), "caption " + NEXT.incrementAndGet());
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + "/api/photos"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + owner.token())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
            HttpResponse<String> response = send(request);
            if (response.statusCode() != 404 || System.nanoTime() > until) {
                return response;
            }
            pause(200);
        }
    }

    HttpResponse<String> get(String path, User user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(20));
        if (user != null) {
            request.header("Authorization", "Bearer " + user.token());
        }
        return send(request.GET());
    }

    /** A plain GET of any URL (Zipkin's API, an Actuator endpoint). */
    HttpResponse<String> fetch(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET());
    }

    /** GETs {@code url} until {@code done} holds for its answer, or fails with the last answer after {@code timeout}. */
    HttpResponse<String> poll(String url, Duration timeout, Predicate<HttpResponse<String>> done) {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            HttpResponse<String> response = fetch(url);
            if (done.test(response)) {
                return response;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("after " + timeout.toSeconds() + " s, " + url + " answered "
                        + response.statusCode() + ": " + abbreviate(response.body()));
            }
            pause(500);
        }
    }

    static JsonNode tree(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    static void expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError("expected " + status + " but got " + response.statusCode() + " from "
                    + response.request().method() + " " + response.uri() + ": " + response.body());
        }
    }

    /**
     * A JSON call through the gateway. The tests sign up and log in several users from one address, which the
     * gateway's sign-up/log-in limit refuses in bursts: like a polite client, wait the Retry-After it gives.
     */
    private HttpResponse<String> json(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        request.header("Content-Type", "application/json").method(method, body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> response = send(request);
        for (int retry = 0; retry < 5 && response.statusCode() == 429; retry++) {
            pause(1000 * response.headers().firstValueAsLong("Retry-After").orElse(1));
            response = send(request);
        }
        return response;
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 2000 ? body.substring(0, 2000) + "…" : body;
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
}
