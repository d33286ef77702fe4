package dev.photofeed.loadtests.scenario;

import dev.photofeed.loadtests.seed.TinyImages;

import java.util.List;
import java.util.Map;

import static io.gatling.javaapi.http.HttpDsl.ByteArrayBodyPart;
import static io.gatling.javaapi.http.HttpDsl.StringBodyPart;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.http.HttpDsl.http;

/** {@code mixed}: 60% feed reads, 30% a user's photos, 10% new photos: the request mix of DeathStarBench's social network. */
public class MixedSimulation extends PhotofeedSimulation {

    private static final byte[] PHOTO = TinyImages.png(42);

    public MixedSimulation() {
        super("mixed");
        List<Map<String, Object>> owners = credentials.accounts().stream()
                .map(a -> Map.<String, Object>of("ownerId", a.id())).toList();
        setUp(warmedUp(feed(listFeeder(readers).random())
                .feed(listFeeder(owners).random())
                .exec(randomSwitch().on(
                        percent(60.0).then(measured(http("GET /api/feed").get("/api/feed?limit=20")
                                .header("Authorization", "#{auth}"), 200)),
                        percent(30.0).then(measured(http("GET /api/users/{id}/photos").get("/api/users/#{ownerId}/photos?limit=20"), 200)),
                        percent(10.0).then(measured(http("POST /api/photos").post("/api/photos")
                                .header("Authorization", "#{auth}")
                                .bodyPart(ByteArrayBodyPart("file", PHOTO).fileName("bench.png").contentType("image/png"))
                                .bodyPart(StringBodyPart("caption", "bench")), 201)))),
                arrivals()))
                .protocols(protocol)
                .assertions(thresholds(50, 75, 150, 500, 0));
    }
}
