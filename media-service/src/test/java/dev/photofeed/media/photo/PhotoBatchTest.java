package dev.photofeed.media.photo;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestTokens;
import dev.photofeed.testsupport.TestImages;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The internal batch look-up gathers from every shard, and answers by its deadline even when a shard hangs. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "photofeed.shards.pool-size=4")
@Import(TestTokens.Keys.class)
class PhotoBatchTest {

    @LocalServerPort
    int port;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://localhost:" + port);
    }

    @Autowired
    ShardRouter shards;

    @Test
    void photosFromEveryShardComeBackAndUnknownIdsAreMissing() {
        List<String> ids = uploadUntilBothShardsHoldSome();
        String unknown = "42424242424242";
        JsonNode answer = batch(ids, unknown);
        assertThat(answer.get("found").valueStream().map(p -> p.get("id").asString()).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(ids);
        assertThat(answer.get("missing").valueStream().map(JsonNode::asString)).containsExactly(unknown);
        assertThat(answer.get("unavailable").isEmpty()).isTrue();
    }

    @Test
    void aShardThatDoesNotAnswerInTimeMakesItsIdsUnavailableNotTheWholeCallSlow() throws Exception {
        List<String> ids = uploadUntilBothShardsHoldSome();
        ShardRouter.Shard hung = shards.forId(Long.parseLong(ids.getFirst()));
        Set<String> onHung = ids.stream().filter(id -> shards.forId(Long.parseLong(id)) == hung).collect(Collectors.toSet());
        try (Connection lock = hung.dataSource().getConnection()) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("LOCK TABLE photos IN ACCESS EXCLUSIVE MODE"); // readers now wait
            long started = System.nanoTime();
            JsonNode answer = batch(ids);
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            lock.rollback();

            assertThat(answer.get("unavailable").valueStream().map(JsonNode::asString)).containsExactlyInAnyOrderElementsOf(onHung);
            assertThat(answer.get("found").valueStream().map(p -> p.get("id").asString()))
                    .hasSize(ids.size() - onHung.size()).doesNotContainAnyElementsOf(onHung);
            assertThat(tookMillis).as("answered by the deadline, not by the lock").isLessThan(5_000);
        }
    }

    @Test
    void malformedBatchesAre400() {
        assertThat(api.postJson("/internal/photos/batch", "{\"ids\":[]}").status()).isEqualTo(400);
        assertThat(api.postJson("/internal/photos/batch", "{\"ids\":[\"12\",\"x\"]}").status()).isEqualTo(400);
        assertThat(api.postJson("/internal/photos/batch", "{\"ids\":").status()).isEqualTo(400);
    }

    private JsonNode batch(List<String> ids, String... more) {
        List<String> all = new ArrayList<>(ids);
        all.addAll(List.of(more));
        PublicApi.Answer answer = api.call("POST", "/internal/photos/batch", null, java.util.Map.of("ids", all));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        return answer.json();
    }

    /** Photos of several owners until both physical shards hold at least one. */
    private List<String> uploadUntilBothShardsHoldSome() {
        List<String> ids = new ArrayList<>();
        Set<String> shardNames = new HashSet<>();
        for (long owner = 1_000_000_000L; shardNames.size() < 2 || ids.size() < 4; owner += 7_919_000L) {
            String id = api.upload(TestTokens.forUser(owner), TestImages.encode("png", 4, 4), "p.png", null).json()
                    .get("id").asString();
            ids.add(id);
            shardNames.add(shards.forId(PhotofeedId.parse(id).orElseThrow()).name());
        }
        return ids;
    }
}
