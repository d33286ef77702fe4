package dev.photofeed.user;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The follow graph on two real shards, kept consistent through the outbox, Kafka and the idempotent apply. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=6", "photofeed.signing.key-dir=target/test-keys/follow"})
class FollowGraphTest {

    private static final Duration APPLIED = Duration.ofSeconds(20);

    @LocalServerPort
    int port;
    @Autowired
    ShardRouter shards;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://127.0.0.1:" + port);
    }

    @Test
    void followShowsOnBothSidesAndUnfollowRemovesIt() {
        String alice = PublicApi.uniqueName("alice");
        String aliceId = api.signUp(alice);
        String bobId = api.signUp(PublicApi.uniqueName("bob"));
        String token = api.logIn(alice);

        assertThat(api.follow(token, bobId).status()).isEqualTo(204);
        assertThat(api.follow(token, bobId).status()).as("idempotent").isEqualTo(204);

        assertThat(ids(api.get("/api/users/" + aliceId + "/following").json())).containsExactly(bobId);
        assertThat(api.get("/api/users/" + aliceId).json().get("followingCount").asLong()).isEqualTo(1);
        await().atMost(APPLIED).untilAsserted(() -> {
            JsonNode followers = api.get("/api/users/" + bobId + "/followers").json();
            assertThat(ids(followers)).containsExactly(aliceId);
            assertThat(followers.get("items").get(0).get("username").asString()).isEqualTo(alice);
            assertThat(api.get("/api/users/" + bobId).json().get("followerCount").asLong()).isEqualTo(1);
        });

        assertThat(api.unfollow(token, bobId).status()).isEqualTo(204);
        assertThat(api.unfollow(token, bobId).status()).as("idempotent").isEqualTo(204);
        assertThat(ids(api.get("/api/users/" + aliceId + "/following").json())).isEmpty();
        assertThat(api.get("/api/users/" + aliceId).json().get("followingCount").asLong()).isZero();
        await().atMost(APPLIED).untilAsserted(() -> {
            assertThat(ids(api.get("/api/users/" + bobId + "/followers").json())).isEmpty();
            assertThat(api.get("/api/users/" + bobId).json().get("followerCount").asLong()).isZero();
        });
    }

    @Test
    void hundredConcurrentFlipsOfOneEdgeEndWithBothShardsAndCountsAgreeing() throws Exception {
        String follower = PublicApi.uniqueName("flipper");
        long followerId = Long.parseLong(api.signUp(follower));
        long followeeId = Long.parseLong(api.signUp(PublicApi.uniqueName("flipped")));
        String token = api.logIn(follower);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> flips = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 100; i++) {
                boolean follow = i % 2 == 0;
                flips.add(pool.submit(() -> {
                    start.await();
                    return follow ? api.follow(token, String.valueOf(followeeId)).status()
                            : api.unfollow(token, String.valueOf(followeeId)).status();
                }));
            }
            start.countDown();
            for (Future<Integer> flip : flips) {
                assertThat(flip.get()).isEqualTo(204);
            }
        }

        ShardRouter.Shard followerShard = shards.forId(followerId);
        ShardRouter.Shard followeeShard = shards.forId(followeeId);
        Map<String, Object> source = followerShard.jdbc()
                .sql("SELECT active, version FROM following WHERE follower_id = ? AND followee_id = ?")
                .param(followerId).param(followeeId).query().singleRow();
        boolean active = (Boolean) source.get("active");
        long version = ((Number) source.get("version")).longValue();
        assertThat(version).as("each real change of state got its own version").isGreaterThan(1);
        await().atMost(APPLIED).untilAsserted(() -> {
            Map<String, Object> copy = followeeShard.jdbc()
                    .sql("SELECT active, version FROM followers WHERE followee_id = ? AND follower_id = ?")
                    .param(followeeId).param(followerId).query().singleRow();
            assertThat(((Number) copy.get("version")).longValue()).isEqualTo(version);
            assertThat(copy.get("active")).isEqualTo(active);
        });
        long expected = active ? 1 : 0;
        assertThat(count(followerShard, "following_count", followerId)).isEqualTo(expected);
        assertThat(count(followeeShard, "follower_count", followeeId)).isEqualTo(expected);
        assertThat(api.get("/api/users/" + followerId).json().get("followingCount").asLong()).isEqualTo(expected);
        assertThat(api.get("/api/users/" + followeeId).json().get("followerCount").asLong()).isEqualTo(expected);
    }

    @Test
    void listsArePagedWithoutRepeatsOrGaps() {
        String star = PublicApi.uniqueName("star");
        String starId = api.signUp(star);
        Set<String> fans = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            String fan = PublicApi.uniqueName("fan");
            fans.add(api.signUp(fan));
            assertThat(api.follow(api.logIn(fan), starId).status()).isEqualTo(204);
        }
        await().atMost(APPLIED).untilAsserted(() -> assertThat(api.get("/api/users/" + starId).json().get("followerCount").asLong()).isEqualTo(23));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/users/" + starId + "/followers?limit=10" + (cursor == null ? "" : "&cursor=" + cursor)).json();
            sizes.add(page.get("items").size());
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(sizes).containsExactly(10, 10, 3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(fans);
        assertThat(api.get("/api/users/" + starId + "/followers").json().get("items").size()).as("default limit 20").isEqualTo(20);

        // the internal stream for fan-out: ids only, big pages
        JsonNode stream = api.get("/internal/users/" + starId + "/followers").json();
        assertThat(ids(stream)).isEmpty(); // items are plain ids here
        List<String> streamed = new ArrayList<>();
        stream.get("items").forEach(id -> streamed.add(id.asString()));
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(fans);
        assertThat(stream.get("nextCursor").isNull()).isTrue();
        JsonNode small = api.get("/internal/users/" + starId + "/followers?limit=20").json();
        assertThat(small.get("items").size()).isEqualTo(20);
        JsonNode rest = api.get("/internal/users/" + starId + "/followers?limit=20&cursor=" + small.get("nextCursor").asString()).json();
        assertThat(rest.get("items").size()).isEqualTo(3);
    }

    @Test
    void badFollowsAndBadPagesAreProblems() {
        String carol = PublicApi.uniqueName("carol");
        String carolId = api.signUp(carol);
        String token = api.logIn(carol);

        expect(api.follow(token, carolId), 422, "self-follow");
        expect(api.follow(token, "123456789"), 404, "user-not-found");
        expect(api.follow(token, "not-a-number"), 404, "user-not-found");
        expect(api.follow(null, carolId), 401, "unauthenticated");
        expect(api.follow("not.a.jwt", carolId), 401, "invalid-token");
        expect(api.get("/api/users/" + carolId + "/followers?limit=0"), 400, "invalid-limit");
        expect(api.get("/api/users/" + carolId + "/following?limit=10000"), 400, "invalid-limit");
        expect(api.get("/api/users/" + carolId + "/followers?limit=ten"), 400, "invalid-parameter");
        expect(api.get("/api/users/" + carolId + "/followers?cursor=%21%21"), 400, "invalid-cursor");
        expect(api.get("/api/users/" + carolId + "/followers?cursor=AAAA"), 400, "invalid-cursor");
        expect(api.get("/api/users/987654321/followers"), 404, "user-not-found");
        expect(api.get("/internal/users/" + carolId + "/followers?limit=10001"), 400, "invalid-limit");
        expect(api.get("/internal/users/x1/followers"), 404, "user-not-found");

        long rows = shards.all().stream().mapToLong(s -> s.jdbc().sql("SELECT count(*) FROM following WHERE follower_id = ?")
                .param(Long.parseLong(carolId)).query(Long.class).single()).sum();
        assertThat(rows).as("no edge written by a refused follow").isZero();
    }

    private static void expect(PublicApi.Answer response, int status, String type) {
        assertThat(response.status()).as(response.json().toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/" + type);
    }

    private static long count(ShardRouter.Shard shard, String column, long id) {
        return shard.jdbc().sql("SELECT " + column + " FROM users WHERE id = ?").param(id).query(Long.class).single();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(item -> {
            if (item.isObject()) {
                ids.add(item.get("id").asString());
            }
        });
        return ids;
    }
}
