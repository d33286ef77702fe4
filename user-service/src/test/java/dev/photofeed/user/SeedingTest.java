package dev.photofeed.user;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.outbox.OutboxRelay;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /internal/accounts}, the bulk sign-up for seeding, switched on: accounts that work like signed-up
 * ones, a rerun that logs them in, and bad batches that write nothing. (Switched off: {@link AccountsTest}.)
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.seeding.enabled=true", "photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/seeding"})
class SeedingTest {

    private static final String PASSWORD = "correct horse battery";

    @LocalServerPort
    int port;
    @Autowired
    ShardRouter shards;
    @Autowired
    OutboxRelay relay;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://127.0.0.1:" + port);
        relay.stop(); // the events stay in the outbox, where the test reads them
    }

    @Test
    void aBatchCreatesWorkingAccountsAndARerunLogsThemIn() {
        List<String> names = IntStream.range(0, 20).mapToObj(i -> PublicApi.uniqueName("seed")).toList();
        PublicApi.Answer first = seed(PASSWORD, names);
        assertThat(first.status()).as(first.json().toString()).isEqualTo(200);
        List<JsonNode> accounts = accounts(first);
        assertThat(accounts).extracting(a -> a.get("username").asString()).containsExactlyElementsOf(names);
        assertThat(accounts).allSatisfy(a -> assertThat(a.get("created").asBoolean()).isTrue());
        List<String> ids = accounts.stream().map(a -> a.get("id").asString()).toList();
        assertThat(new HashSet<>(ids)).hasSize(names.size());
        for (JsonNode account : accounts) {
            assertThat(subject(account.get("accessToken").asString())).isEqualTo(account.get("id").asString());
        }

        // the tokens work on the public API, and the names log in with the batch's password
        String token = accounts.getFirst().get("accessToken").asString();
        assertThat(api.follow(token, ids.get(1)).status()).isEqualTo(204);
        assertThat(api.get("/api/users/" + ids.getFirst() + "/following").json().get("items").get(0).get("id").asString()).isEqualTo(ids.get(1));
        assertThat(api.postJson("/api/auth/token", "{\"username\":\"%s\",\"password\":\"%s\"}".formatted(names.get(7), PASSWORD)).status())
                .isEqualTo(200);
        assertThat(api.get("/api/users/" + ids.get(7)).json().get("username").asString()).isEqualTo(names.get(7));

        // one Argon2id hash for the whole batch, and one user-created event per account in the outbox
        Set<String> hashes = new HashSet<>();
        Map<String, String> events = new LinkedHashMap<>();
        for (ShardRouter.Shard shard : shards.all()) {
            hashes.addAll(shard.jdbc().sql("SELECT DISTINCT password_hash FROM users WHERE username = ANY(?)")
                    .param(names.toArray(String[]::new)).query(String.class).list());
            shard.jdbc().sql("SELECT event_key, payload FROM outbox WHERE event_type = 'user-created' AND event_key = ANY(?)")
                    .param(ids.toArray(String[]::new))
                    .query((rs, n) -> events.put(rs.getString("event_key"), rs.getString("payload"))).list();
        }
        assertThat(hashes).as("one hash on both shards").hasSize(1).allSatisfy(h -> assertThat(h).startsWith("$argon2id$"));
        assertThat(events.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            assertThat(events.get(ids.get(i))).contains("\"username\":\"" + names.get(i) + "\"");
        }

        // run twice: the same ids, logged in, and new names in the same batch created
        List<String> more = new ArrayList<>(names);
        more.add(PublicApi.uniqueName("later"));
        PublicApi.Answer again = seed(PASSWORD, more);
        assertThat(again.status()).as(again.json().toString()).isEqualTo(200);
        List<JsonNode> second = accounts(again);
        assertThat(second.subList(0, names.size())).extracting(a -> a.get("id").asString()).containsExactlyElementsOf(ids);
        assertThat(second.subList(0, names.size())).allSatisfy(a -> assertThat(a.get("created").asBoolean()).isFalse());
        assertThat(second.getLast().get("created").asBoolean()).isTrue();
        String rerunToken = second.get(3).get("accessToken").asString();
        assertThat(api.follow(rerunToken, ids.get(4)).status()).isEqualTo(204);
    }

    @Test
    void oneCallFollowsAUsersWholeListWithAnEventPerEdgeAndARerunChangesNothing() {
        List<String> ids = accounts(seed(PASSWORD, IntStream.range(0, 6).mapToObj(i -> PublicApi.uniqueName("graph")).toList()))
                .stream().map(a -> a.get("id").asString()).toList();
        String follower = ids.getFirst();
        List<String> followees = ids.subList(1, 6);
        PublicApi.Answer first = follows(follower, followees);
        assertThat(first.status()).as(first.json().toString()).isEqualTo(200);
        assertThat(first.json().get("changed").asInt()).isEqualTo(5);
        assertThat(api.get("/api/users/" + follower).json().get("followingCount").asLong()).isEqualTo(5);
        List<String> following = new ArrayList<>();
        api.get("/api/users/" + follower + "/following").json().get("items").forEach(i -> following.add(i.get("id").asString()));
        assertThat(following).containsExactlyInAnyOrderElementsOf(followees);
        assertThat(followEvents(follower)).as("one user-followed event per edge, as one-by-one follows write")
                .containsExactlyInAnyOrderElementsOf(followees);

        assertThat(follows(follower, followees).json().get("changed").asInt()).as("a rerun").isZero();
        assertThat(api.get("/api/users/" + follower).json().get("followingCount").asLong()).isEqualTo(5);
        assertThat(followEvents(follower)).hasSize(5);

        // an unknown followee, or the follower among them, refuses the call before anything is written
        String other = ids.get(1);
        assertThat(follows(other, List.of(ids.get(2), "242590133502189568")).status()).isEqualTo(404);
        assertThat(follows(other, List.of(ids.get(2), other)).status()).isEqualTo(422);
        assertThat(follows(other, List.of()).status()).isEqualTo(400);
        PublicApi.Answer nullId = api.postJson("/internal/follows", "{\"followerId\":\"" + other + "\",\"followeeIds\":[null]}");
        assertThat(nullId.status()).as(nullId.json().toString()).isEqualTo(400);
        assertThat(nullId.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.postJson("/internal/follows", "{\"followeeIds\":[\"" + ids.get(2) + "\"]}").status()).isEqualTo(400);
        assertThat(api.get("/api/users/" + other).json().get("followingCount").asLong()).isZero();
        assertThat(followEvents(other)).isEmpty();

        // a followee named twice is followed once
        assertThat(follows(other, List.of(ids.get(2), ids.get(2))).json().get("changed").asInt()).isEqualTo(1);
        assertThat(followEvents(other)).containsExactly(ids.get(2));
    }

    private PublicApi.Answer follows(String follower, List<String> followees) {
        return api.postJson("/internal/follows", "{\"followerId\":\"" + follower + "\",\"followeeIds\":["
                + String.join(",", followees.stream().map(id -> "\"" + id + "\"").toList()) + "]}");
    }

    /** The followees of the user-followed events a follower's shard holds in its outbox. */
    private List<String> followEvents(String follower) {
        List<String> followees = new ArrayList<>();
        for (ShardRouter.Shard shard : shards.all()) {
            shard.jdbc().sql("SELECT payload FROM outbox WHERE event_type = 'user-followed' AND event_key = ?").param(follower)
                    .query(String.class).list()
                    .forEach(payload -> followees.add(payload.replaceAll(".*\"followeeId\":\"(\\d+)\".*", "$1")));
        }
        return followees;
    }

    @Test
    void badBatchesAre400ProblemsAndWriteNothing() {
        String fresh = PublicApi.uniqueName("fresh");
        String other = PublicApi.uniqueName("other");
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> account("many_" + i)).reduce((a, b) -> a + "," + b).orElseThrow();
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[" + tooMany + "]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\"}", "invalid-request");
        bodies.put("{\"accounts\":[" + account(fresh) + "]}", "invalid-request");
        bodies.put("{\"password\":\"short\",\"accounts\":[" + account(fresh) + "]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[" + account(fresh) + "," + account("Not_Valid") + "]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[" + account(fresh) + ",{\"username\":\"" + other + "\"}]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[" + account(fresh) + "," + account(other) + "," + account(fresh) + "]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[" + account(fresh) + ",null]}", "invalid-request");
        bodies.put("{\"password\":\"" + PASSWORD + "\",\"accounts\":[\"" + fresh + "\"]}", "malformed-request");
        bodies.put("{not json", "malformed-request");
        bodies.forEach((body, type) -> {
            PublicApi.Answer r = api.postJson("/internal/accounts", body);
            String shown = body.length() > 200 ? body.substring(0, 200) + "…" : body;
            assertThat(r.status()).as(shown + " -> " + r.json()).isEqualTo(400);
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().path("type").asString()).as(shown + " -> " + r.json()).isEqualTo("https://photofeed.dev/problems/" + type);
        });
        assertNothingWrittenFor(fresh, other, "many_0", "many_1000");
        assertThat(seed(PASSWORD, List.of(fresh, other)).status()).as("the names are still free").isEqualTo(200);
    }

    @Test
    void aWrongPasswordForAnExistingNameRefusesTheBatch() {
        String existing = PublicApi.uniqueName("owner");
        assertThat(seed(PASSWORD, List.of(existing)).status()).isEqualTo(200);
        String fresh = PublicApi.uniqueName("bystander");

        PublicApi.Answer r = seed("another long password", List.of(fresh, existing));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/username-taken");
        assertThat(r.json().get("detail").asString()).contains(existing);
        assertNothingWrittenFor(fresh);
    }

    @Test
    void aNameClaimedByASignUpInProgressRefusesTheBatchAndItsOtherRowsAreRemoved() {
        // another sign-up wrote its inactive row and its claim a moment ago, and is still going
        String busy = PublicApi.uniqueName("busy");
        long other = PhotofeedId.compose(3000, 11, 0);
        shards.forId(other).jdbc().sql("INSERT INTO users (id, username, display_name, password_hash) VALUES (?, ?, 'x', 'x')")
                .param(other).param(busy).update();
        shards.forLogicalShard(logicalShardOfName(busy)).jdbc()
                .sql("INSERT INTO usernames (username, user_id) VALUES (?, ?)").param(busy).param(other).update();
        List<String> bystanders = IntStream.range(0, 6).mapToObj(i -> PublicApi.uniqueName("along")).toList();
        List<String> batch = new ArrayList<>(bystanders);
        batch.add(2, busy);

        PublicApi.Answer r = seed(PASSWORD, batch);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/username-taken");
        assertThat(r.json().get("detail").asString()).isEqualTo("username " + busy + " is taken");
        assertNothingWrittenFor(bystanders.toArray(String[]::new));
        long claimant = shards.forLogicalShard(logicalShardOfName(busy)).jdbc().sql("SELECT user_id FROM usernames WHERE username = ?")
                .param(busy).query(Long.class).single();
        assertThat(claimant).as("the other sign-up's claim is left alone").isEqualTo(other);
    }

    private PublicApi.Answer seed(String password, List<String> names) {
        return api.postJson("/internal/accounts", "{\"password\":\"" + password + "\",\"accounts\":["
                + String.join(",", names.stream().map(SeedingTest::account).toList()) + "]}");
    }

    private static String account(String username) {
        return "{\"username\":\"" + username + "\",\"displayName\":\"Name of " + username + "\"}";
    }

    private static List<JsonNode> accounts(PublicApi.Answer response) {
        List<JsonNode> accounts = new ArrayList<>();
        response.json().get("accounts").forEach(accounts::add);
        return accounts;
    }

    /** No user row, no username claim and no event for any of the names, on any shard. */
    private void assertNothingWrittenFor(String... names) {
        for (ShardRouter.Shard shard : shards.all()) {
            assertThat(shard.jdbc().sql("SELECT count(*) FROM users WHERE username = ANY(?)").param(names).query(Long.class).single())
                    .as("user rows on %s", shard.name()).isZero();
            assertThat(shard.jdbc().sql("SELECT count(*) FROM usernames WHERE username = ANY(?)").param(names).query(Long.class).single())
                    .as("claims on %s", shard.name()).isZero();
            for (String name : names) {
                assertThat(shard.jdbc().sql("SELECT count(*) FROM outbox WHERE payload LIKE ?").param("%\"" + name + "\"%").query(Long.class).single())
                        .as("events naming %s on %s", name, shard.name()).isZero();
            }
        }
    }

    private static String subject(String jwt) {
        String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
        return payload.replaceAll(".*\"sub\":\"([0-9]+)\".*", "$1");
    }

    private static int logicalShardOfName(String username) {
        CRC32C crc = new CRC32C();
        crc.update(username.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % PhotofeedId.LOGICAL_SHARDS);
    }
}
