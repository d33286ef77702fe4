package dev.photofeed.user;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The service's HTTP API as a client sees it, over a real socket. */
public final class Api {

    public record Response(int status, String contentType, JsonNode body) {
    }

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** A fresh valid username, unique within the test JVM. */
    public static String newUsername(String prefix) {
        return prefix + "_" + NAMES.incrementAndGet() + "_" + Long.toString(Math.floorMod(System.nanoTime(), 100_000L), 36);
    }

    public Response post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public Response put(String path, String token) {
        return send(withToken(HttpRequest.newBuilder(URI.create(base + path)), token).PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public Response delete(String path, String token) {
        return send(withToken(HttpRequest.newBuilder(URI.create(base + path)), token).DELETE());
    }

    /** Signs up and returns the new user's id. */
    public String signUp(String username) {
        Response created = post("/api/users", "{\"username\":\"%s\",\"password\":\"correct horse battery\",\"displayName\":\"%s\"}"
                .formatted(username, "Name of " + username));
        assertThat(created.status()).as("sign-up of %s: %s", username, created.body()).isEqualTo(201);
        return created.body().get("id").asString();
    }

    public String token(String username) {
        Response token = post("/api/auth/token", "{\"username\":\"%s\",\"password\":\"correct horse battery\"}".formatted(username));
        assertThat(token.status()).as("token for %s: %s", username, token.body()).isEqualTo(200);
        return token.body().get("accessToken").asString();
    }

    private static HttpRequest.Builder withToken(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    body.isEmpty() ? JSON.nullNode() : JSON.readTree(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
