package dev.photofeed.user;

import dev.photofeed.common.shard.ShardRouter;
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
    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    @Test
    void followShowsOnBothSidesAndUnfollowRemovesIt() {
        String alice = Api.newUsername("alice");
        String aliceId = api.signUp(alice);
        String bobId = api.signUp(Api.newUsername("bob"));
        String token = api.token(alice);

        assertThat(api.put("/api/users/me/following/" + bobId, token).status()).isEqualTo(204);
        assertThat(api.put("/api/users/me/following/" + bobId, token).status()).as("idempotent").isEqualTo(204);

        assertThat(ids(api.get("/api/users/" + aliceId + "/following").body())).containsExactly(bobId);
        assertThat(api.get("/api/users/" + aliceId).body().get("followingCount").asLong()).isEqualTo(1);
        await().atMost(APPLIED).untilAsserted(() -> {
            JsonNode followers = api.get("/api/users/" + bobId + "/followers").body();
            assertThat(ids(followers)).containsExactly(aliceId);
            assertThat(followers.get("items").get(0).get("username").asString()).isEqualTo(alice);
            assertThat(api.get("/api/users/" + bobId).body().get("followerCount").asLong()).isEqualTo(1);
        });

        assertThat(api.delete("/api/users/me/following/" + bobId, token).status()).isEqualTo(204);
        assertThat(api.delete("/api/users/me/following/" + bobId, token).status()).as("idempotent").isEqualTo(204);
        assertThat(ids(api.get("/api/users/" + aliceId + "/following").body())).isEmpty();
        assertThat(api.get("/api/users/" + aliceId).body().get("followingCount").asLong()).isZero();
        await().atMost(APPLIED).untilAsserted(() -> {
            assertThat(ids(api.get("/api/users/" + bobId + "/followers").body())).isEmpty();
            assertThat(api.get("/api/users/" + bobId).body().get("followerCount").asLong()).isZero();
        });
    }

    @Test
    void hundredConcurrentFlipsOfOneEdgeEndWithBothShardsAndCountsAgreeing() throws Exception {
        String follower = Api.newUsername("flipper");
        long followerId = Long.parseLong(api.signUp(follower));
        long followeeId = Long.parseLong(api.signUp(Api.newUsername("flipped")));
        String token = api.token(follower);

        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> flips = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < 100; i++) {
                boolean follow = i % 2 == 0;
                flips.add(pool.submit(() -> {
                    start.await();
                    return follow ? api.put("/api/users/me/following/" + followeeId, token).status()
                            : api.delete("/api/users/me/following/" + followeeId, token).status();
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
        assertThat(api.get("/api/users/" + followerId).body().get("followingCount").asLong()).isEqualTo(expected);
        assertThat(api.get("/api/users/" + followeeId).body().get("followerCount").asLong()).isEqualTo(expected);
    }

    @Test
    void listsArePagedWithoutRepeatsOrGaps() {
        String star = Api.newUsername("star");
        String starId = api.signUp(star);
        Set<String> fans = new HashSet<>();
        for (int i = 0; i < 23; i++) {
            String fan = Api.newUsername("fan");
            fans.add(api.signUp(fan));
            assertThat(api.put("/api/users/me/following/" + starId, api.token(fan)).status()).isEqualTo(204);
        }
        await().atMost(APPLIED).untilAsserted(() -> assertThat(api.get("/api/users/" + starId).body().get("followerCount").asLong()).isEqualTo(23));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = api.get("/api/users/" + starId + "/followers?limit=10" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            sizes.add(page.get("items").size());
            seen.addAll(ids(page));
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
        } while (cursor != null);
        assertThat(sizes).containsExactly(10, 10, 3);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(fans);
        assertThat(api.get("/api/users/" + starId + "/followers").body().get("items").size()).as("default limit 20").isEqualTo(20);

        // the internal stream for fan-out: ids only, big pages
        JsonNode stream = api.get("/internal/users/" + starId + "/followers").body();
        assertThat(ids(stream)).isEmpty(); // items are plain ids here
        List<String> streamed = new ArrayList<>();
        stream.get("items").forEach(id -> streamed.add(id.asString()));
        assertThat(streamed).containsExactlyInAnyOrderElementsOf(fans);
        assertThat(stream.get("nextCursor").isNull()).isTrue();
        JsonNode small = api.get("/internal/users/" + starId + "/followers?limit=20").body();
        assertThat(small.get("items").size()).isEqualTo(20);
        JsonNode rest = api.get("/internal/users/" + starId + "/followers?limit=20&cursor=" + small.get("nextCursor").asString()).body();
        assertThat(rest.get("items").size()).isEqualTo(3);
    }

    @Test
    void badFollowsAndBadPagesAreProblems() {
        String carol = Api.newUsername("carol");
        String carolId = api.signUp(carol);
        String token = api.token(carol);

        expect(api.put("/api/users/me/following/" + carolId, token), 422, "self-follow");
        expect(api.put("/api/users/me/following/123456789", token), 404, "user-not-found");
        expect(api.put("/api/users/me/following/not-a-number", token), 404, "user-not-found");
        expect(api.put("/api/users/me/following/" + carolId, null), 401, "unauthenticated");
        expect(api.put("/api/users/me/following/" + carolId, "not.a.jwt"), 401, "invalid-token");
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

    private static void expect(Api.Response response, int status, String type) {
        assertThat(response.status()).as(response.body().toString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().get("type").asString()).isEqualTo("https://photofeed.dev/problems/" + type);
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
