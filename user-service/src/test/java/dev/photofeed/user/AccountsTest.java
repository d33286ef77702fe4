package dev.photofeed.user;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/** Accounts on real Postgres shards: sign-up, the username race, where rows land, and bad input. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/accounts"})
class AccountsTest {

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
    void signUpThenTokenThenProfile() {
        String username = PublicApi.uniqueName("ada");
        PublicApi.Answer created = api.postJson("/api/users",
                "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\",\"displayName\":\"Ada L.\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("id").isString()).as("ids are JSON strings").isTrue();
        String id = created.json().get("id").asString();
        assertThat(created.json().get("username").asString()).isEqualTo(username);
        assertThat(created.json().get("displayName").asString()).isEqualTo("Ada L.");

        PublicApi.Answer token = api.postJson("/api/auth/token", "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\"}");
        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().get("tokenType").asString()).isEqualTo("Bearer");
        assertThat(token.json().get("expiresIn").asLong()).isEqualTo(900);
        assertThat(token.json().get("accessToken").asString().split("\\.")).hasSize(3);

        PublicApi.Answer profile = api.get("/api/users/" + id);
        assertThat(profile.status()).isEqualTo(200);
        assertThat(profile.json().get("id").asString()).isEqualTo(id);
        assertThat(profile.json().get("username").asString()).isEqualTo(username);
        assertThat(profile.json().get("followerCount").asLong()).isZero();
        assertThat(profile.json().get("followingCount").asLong()).isZero();
        assertThat(profile.json().get("photoCount").asLong()).isZero();

        String hash = shards.forId(Long.parseLong(id)).jdbc().sql("SELECT password_hash FROM users WHERE id = ?")
                .param(Long.parseLong(id)).query(String.class).single();
        assertThat(hash).startsWith("$argon2id$").doesNotContain("correct horse battery");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSame401() {
        String username = PublicApi.uniqueName("bob");
        api.signUp(username);
        PublicApi.Answer wrong = api.postJson("/api/auth/token", "{\"username\":\"" + username + "\",\"password\":\"not the password\"}");
        PublicApi.Answer unknown = api.postJson("/api/auth/token", "{\"username\":\"nobody_here\",\"password\":\"correct horse battery\"}");
        for (PublicApi.Answer r : List.of(wrong, unknown)) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/invalid-credentials");
        }
    }

    @Test
    void twoConcurrentSignUpsForOneNameExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String username = PublicApi.uniqueName("race");
            CountDownLatch start = new CountDownLatch(1);
            List<Future<PublicApi.Answer>> attempts = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
                for (int i = 0; i < 2; i++) {
                    String display = "contender " + i;
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return api.postJson("/api/users", "{\"username\":\"" + username
                                + "\",\"password\":\"correct horse battery\",\"displayName\":\"" + display + "\"}");
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<PublicApi.Answer> attempt : attempts) {
                    PublicApi.Answer r = attempt.get();
                    statuses.add(r.status());
                    if (r.status() == 409) {
                        assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/username-taken");
                    }
                }
                assertThat(statuses).containsExactlyInAnyOrder(201, 409);
            }
            // nothing of the loser is left: one row with the name on all shards together, and it is active
            List<Boolean> rows = new ArrayList<>();
            for (ShardRouter.Shard shard : shards.all()) {
                rows.addAll(shard.jdbc().sql("SELECT active FROM users WHERE username = ?").param(username).query(Boolean.class).list());
            }
            assertThat(rows).containsExactly(true);
            api.logIn(username);
        }
    }

    @Test
    void aClaimLeftByADeadSignUpIsTakenOver() {
        // a sign-up that wrote its inactive row and its claim, then died an hour ago
        String username = PublicApi.uniqueName("ghost");
        long ghost = PhotofeedId.compose(1000, 7, 0);
        shards.forId(ghost).jdbc().sql("INSERT INTO users (id, username, display_name, password_hash) VALUES (?, ?, 'ghost', 'x')")
                .param(ghost).param(username).update();
        ShardRouter.Shard indexShard = shards.forLogicalShard(logicalShardOfName(username));
        indexShard.jdbc().sql("INSERT INTO usernames (username, user_id, claimed_at) VALUES (?, ?, now() - interval '1 hour')")
                .param(username).param(ghost).update();

        String id = api.signUp(username);

        assertThat(shards.forId(ghost).jdbc().sql("SELECT count(*) FROM users WHERE id = ?").param(ghost).query(Long.class).single())
                .as("the dead sign-up's row is gone").isZero();
        assertThat(indexShard.jdbc().sql("SELECT user_id FROM usernames WHERE username = ?").param(username).query(Long.class).single())
                .isEqualTo(Long.parseLong(id));
    }

    @Test
    void aFreshClaimOfASignUpInProgressIsRespected() {
        String username = PublicApi.uniqueName("busy");
        long other = PhotofeedId.compose(2000, 9, 0);
        shards.forId(other).jdbc().sql("INSERT INTO users (id, username, display_name, password_hash) VALUES (?, ?, 'x', 'x')")
                .param(other).param(username).update();
        shards.forLogicalShard(logicalShardOfName(username)).jdbc()
                .sql("INSERT INTO usernames (username, user_id) VALUES (?, ?)").param(username).param(other).update();

        PublicApi.Answer r = api.postJson("/api/users", "{\"username\":\"" + username + "\",\"password\":\"correct horse battery\",\"displayName\":\"x\"}");

        assertThat(r.status()).isEqualTo(409);
        long rows = shards.all().stream().mapToLong(s -> s.jdbc().sql("SELECT count(*) FROM users WHERE username = ?")
                .param(username).query(Long.class).single()).sum();
        assertThat(rows).as("only the claimant's row; the loser removed its own").isEqualTo(1);
    }

    @Test
    void usersAreSpreadOverTheShardsAsTheRingSays() {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add(Long.parseLong(api.signUp(PublicApi.uniqueName("spread"))));
        }
        Map<String, Long> perShard = ids.stream().collect(Collectors.groupingBy(id -> shards.forId(id).name(), Collectors.counting()));
        assertThat(perShard).as("random logical shards land on both physical shards").hasSize(2);
        for (long id : ids) {
            String home = shards.ring().nodeFor(PhotofeedId.logicalShard(id));
            for (ShardRouter.Shard shard : shards.all()) {
                long rows = shard.jdbc().sql("SELECT count(*) FROM users WHERE id = ?").param(id).query(Long.class).single();
                assertThat(rows).as("user %d on %s (ring says %s)", id, shard.name(), home).isEqualTo(shard.name().equals(home) ? 1 : 0);
            }
        }
    }

    @Test
    void badSignUpsAre400ProblemsAndWriteNothing() {
        String good = PublicApi.uniqueName("valid");
        Map<String, String> bodies = Map.of(
                "{not json", "malformed-request",
                "{\"username\":\"" + good + "\",\"password\":\"correct horse battery\"}", "invalid-request",
                "{\"username\":\"Upper_Case\",\"password\":\"correct horse battery\",\"displayName\":\"x\"}", "invalid-request",
                "{\"username\":\"ab\",\"password\":\"correct horse battery\",\"displayName\":\"x\"}", "invalid-request",
                "{\"username\":\"" + "a".repeat(31) + "\",\"password\":\"correct horse battery\",\"displayName\":\"x\"}", "invalid-request",
                "{\"username\":\"" + good + "\",\"password\":\"short\",\"displayName\":\"x\"}", "invalid-request",
                "{\"username\":\"" + good + "\",\"password\":\"" + "p".repeat(129) + "\",\"displayName\":\"x\"}", "invalid-request",
                "{\"username\":\"" + good + "\",\"password\":\"correct horse battery\",\"displayName\":\"" + "d".repeat(65) + "\"}", "invalid-request",
                "[1,2,3]", "malformed-request");
        bodies.forEach((body, type) -> {
            PublicApi.Answer r = api.postJson("/api/users", body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().path("type").asString()).as(body + " -> " + r.json()).isEqualTo("https://photofeed.dev/problems/" + type);
        });
        for (ShardRouter.Shard shard : shards.all()) {
            assertThat(shard.jdbc().sql("SELECT count(*) FROM users WHERE username = ?").param(good).query(Long.class).single()).isZero();
        }
        PublicApi.Answer taken = api.postJson("/api/users", "{\"username\":\"" + good + "\",\"password\":\"correct horse battery\",\"displayName\":\"x\"}");
        assertThat(taken.status()).as("the name is still free").isEqualTo(201);
    }

    @Test
    void theSeedingEndpointIsOffByDefault() {
        String username = PublicApi.uniqueName("seedoff");
        PublicApi.Answer r = api.postJson("/internal/accounts", "{\"password\":\"correct horse battery\",\"accounts\":[{\"username\":\""
                + username + "\",\"displayName\":\"x\"}]}");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/not-found");
        for (ShardRouter.Shard shard : shards.all()) {
            assertThat(shard.jdbc().sql("SELECT count(*) FROM users WHERE username = ?").param(username).query(Long.class).single()).isZero();
        }
    }

    @Test
    void unknownAndNonNumericIdsAre404() {
        for (String id : List.of("12345", "abc", "-1", "99999999999999999999", "0")) {
            PublicApi.Answer r = api.get("/api/users/" + id);
            assertThat(r.status()).as(id).isEqualTo(404);
            assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/user-not-found");
        }
    }

    @Test
    void theFrameworksOwnErrorsAreProblemsToo() {
        record Case(HttpRequest.Builder request, int status, String type) {
        }
        String base = "http://127.0.0.1:" + port;
        List<Case> cases = List.of(
                new Case(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                        .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("hi")),
                        415, "unsupported-media-type"),
                new Case(HttpRequest.newBuilder(URI.create(base + "/api/users"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()), 405, "method-not-allowed"),
                new Case(HttpRequest.newBuilder(URI.create(base + "/api/nothing-here")), 404, "not-found"));
        for (Case c : cases) {
            PublicApi.Answer response = api.send(c.request());
            assertThat(response.status()).as(response.call()).isEqualTo(c.status());
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.text()).contains("\"type\":\"https://photofeed.dev/problems/" + c.type() + "\"");
        }
    }

    private int logicalShardOfName(String username) {
        CRC32C crc = new CRC32C();
        crc.update(username.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PhotofeedId.LOGICAL_SHARDS);
    }
}
