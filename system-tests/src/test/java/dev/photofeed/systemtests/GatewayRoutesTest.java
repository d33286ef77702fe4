package dev.photofeed.systemtests;

import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.TestTokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every public route of the contract, through the gateway, reaches the service that owns it and gets that
 * service's real answer; internal endpoints that exist on the services are 404 through the gateway; a token the
 * stack never issued is refused at the gateway and, sent straight to a service, by the service itself.
 */
class GatewayRoutesTest {

    private final RunningStack stack = RunningStack.get();
    private final PublicApi client = PublicApi.throughGateway(stack.gateway());
    // HTTP/1.1 as the services speak it: no h2c upgrade attempt on each new connection (feed-service's peer client does the same)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void eachRouteReachesItsService() throws Exception {
        PublicApi.User poster = client.newUser("routes_poster"); // POST /api/users, POST /api/auth/token: user-service
        PublicApi.User reader = client.newUser("routes_reader");
        client.follow(reader, poster);

        PublicApi.Answer profile = client.get("/api/users/" + poster.id(), null);
        profile.expect(200);
        assertThat(profile.json().path("username").asString()).isEqualTo(poster.username());
        // the followers side is written by user-service's consumer of its own follow events: a moment later
        client.poll(stack.gateway() + "/api/users/" + poster.id() + "/followers", Duration.ofSeconds(20),
                followers -> followers.status() == 200 && followers.text().contains(reader.username()));
        client.get("/api/users/" + reader.id() + "/following", null).expect(200);

        PublicApi.Answer upload = client.upload(poster, "a photo", Map.of()); // POST /api/photos: media-service
        upload.expect(201);
        String photoId = upload.json().path("id").asString();
        PublicApi.Answer photo = client.get("/api/photos/" + photoId, null);
        photo.expect(200);
        assertThat(photo.json().path("ownerId").asString()).isEqualTo(poster.id());
        HttpResponse<byte[]> content = send(request("/api/photos/" + photoId + "/content"), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(content.statusCode()).isEqualTo(200);
        String etag = content.headers().firstValue("ETag").orElseThrow();
        assertThat(send(request("/api/photos/" + photoId + "/content").header("If-None-Match", etag),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(304);
        // a user's photos belong to media-service, although the path is under /api/users
        PublicApi.Answer photos = client.get("/api/users/" + poster.id() + "/photos", null);
        photos.expect(200);
        assertThat(photos.text()).contains(photoId);

        // GET /api/feed: feed-service, whose fan-out puts the photo in the follower's timeline
        PublicApi.Answer feed = await("the photo in the follower's feed").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.get("/api/feed", reader).expect(200), polled -> polled.text().contains(photoId));
        assertThat(feed.text()).as("the follower's feed").contains(photoId);
    }

    @Test
    void internalEndpointsExistOnTheServicesButNotThroughTheGateway() throws Exception {
        int userService = stack.services().get("user-service");
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + userService + "/internal/jwks.json")),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("straight to user-service").isEqualTo(200);
        for (String path : new String[] {"/internal/jwks.json", "/api/users/..%2f..%2finternal/jwks.json", "/api//internal/jwks.json"}) {
            assertThat(send(request(path), HttpResponse.BodyHandlers.discarding()).statusCode()).as(path).isEqualTo(404);
        }
    }

    @Test
    void aTokenTheStackNeverIssuedIsRefusedAtTheGatewayAndByTheServiceBehindIt() throws Exception {
        PublicApi.User someone = client.newUser("routes_someone");
        String foreign = TestTokens.forUser(Long.parseLong(someone.id())); // right subject and issuer, unknown key
        assertThat(send(request("/api/feed").header("Authorization", "Bearer " + foreign), HttpResponse.BodyHandlers.discarding())
                .statusCode()).as("through the gateway").isEqualTo(401);
        int feedService = stack.services().get("feed-service");
        assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + feedService + "/api/feed"))
                .header("Authorization", "Bearer " + foreign), HttpResponse.BodyHandlers.discarding()).statusCode())
                .as("bypassing the gateway").isEqualTo(401);
        assertThat(send(request("/api/feed").header("Authorization", "Bearer " + someone.token()), HttpResponse.BodyHandlers.discarding())
                .statusCode()).as("the real token").isEqualTo(200);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(stack.gateway() + path)).timeout(Duration.ofSeconds(20));
    }

    private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws Exception {
        return http.send(request.build(), body);
    }
}
