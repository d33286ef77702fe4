package dev.photofeed.loadtests.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.loadtests.seed.Credentials;
import dev.photofeed.loadtests.seed.TinyImages;
import io.gatling.javaapi.core.Session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.ByteArrayBodyPart;
import static io.gatling.javaapi.http.HttpDsl.StringBodyPart;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * {@code celebrity}: the most-followed seeded account (seed with {@code --users 11000} for about 10k
 * followers) posts every two seconds while the {@code feed} load runs. After each post a few followers poll
 * their feeds until the photo shows; the time from sending the post to seeing it is the
 * {@code post_to_visible} trend (the freshness target, docs/performance.md: p99 ≤ 2 s).
 */
public class CelebritySimulation extends PhotofeedSimulation {

    private static final Duration POST_EVERY = Duration.ofSeconds(2);
    private static final Duration POLL_EVERY = Duration.ofMillis(25);
    private static final Duration GIVE_UP = Duration.ofSeconds(30);
    private static final int WATCHERS = 10;

    private final Credentials.Account celebrity = credentials.accounts().getFirst();
    private final Api.Token celebrityToken = api.login(celebrity.username(), celebrity.password());
    private final List<Api.Token> watchers = watchers();
    private final ExecutorService polling = Executors.newVirtualThreadPerTaskExecutor();

    public CelebritySimulation() {
        super("celebrity");
        System.out.printf("celebrity: %s with %d followers (from the seeded graph), %d watchers%n",
                celebrity.username(), celebrity.followers(), watchers.size());
        setUp(warmedUp(feed(listFeeder(readers).random())
                        .exec(measured(http("GET /api/feed").get("/api/feed?limit=20").header("Authorization", "#{auth}"), 200)),
                arrivals(),
                scenario("celebrity posts")
                        .exec(session -> session.set("celebrityAuth", celebrityToken.header()).set("sentAt", System.nanoTime()))
                        .exec(measured(http("POST /api/photos").post("/api/photos")
                                .header("Authorization", "#{celebrityAuth}")
                                .bodyPart(ByteArrayBodyPart("file", TinyImages.png(System.nanoTime())).fileName("celebrity.png").contentType("image/png"))
                                .bodyPart(StringBodyPart("caption", "celebrity post"))
                                .check(jsonPath("$.id").optional().saveAs("photoId")), 201))
                        .exec(this::watch)
                        .injectOpen(constantUsersPerSec(1.0 / POST_EVERY.toSeconds()).during(settings.duration()))))
                .protocols(protocol)
                .assertions(thresholds(25, 35, 50, 200, 0));
    }

    @Override
    public void after() {
        polling.shutdown();
        try {
            polling.awaitTermination(GIVE_UP.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.after();
    }

    /** Each watcher polls its feed until the new photo is on the first page; the delay is measured from sending the post. */
    private Session watch(Session session) {
        if (!session.contains("photoId")) {
            return session;
        }
        String photoId = session.getString("photoId");
        long sentAt = session.getLong("sentAt");
        for (Api.Token watcher : watchers) {
            polling.submit(() -> {
                while (System.nanoTime() - sentAt < GIVE_UP.toNanos()) {
                    if (contains(api.feed(watcher, 20), photoId)) {
                        recorder.trend("post_to_visible", (System.nanoTime() - sentAt) / 1000);
                        return null;
                    }
                    Thread.sleep(POLL_EVERY);
                }
                recorder.count("never_visible");
                return null;
            });
        }
        return session;
    }

    private static boolean contains(JsonNode page, String photoId) {
        for (JsonNode item : page.path("items")) {
            if (photoId.equals(item.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Seeded readers made followers of the celebrity (follows are idempotent), so the post must reach them. */
    private List<Api.Token> watchers() {
        List<Api.Token> tokens = new ArrayList<>();
        for (Credentials.Account account : sample(credentials.accounts().subList(1, credentials.accounts().size()), WATCHERS)) {
            Api.Token token = api.login(account.username(), account.password());
            api.follow(token, celebrity.id());
            tokens.add(token);
        }
        return tokens;
    }
}
