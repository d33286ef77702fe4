package dev.photofeed.feed.timeline;

import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipelining switch on a real Redis: batched sends on, one round trip per command off. And the
 * connection-reuse switch: reused, every command shares a connection; not, each use (each flush) has its own.
 */
@RealInfrastructure
class RedisPipelineTest {

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    /** The pipeline owns its connection (auto-flush off); checks go over another one. */
    private StatefulRedisConnection<String, String> check;

    @BeforeEach
    void connect(TestStores stores) {
        client = RedisClient.create(RedisURI.builder().withHost(stores.endpoints().redisHost())
                .withPort(stores.endpoints().redisPort()).withDatabase(stores.redisDatabase()).build());
        connection = client.connect();
        check = client.connect();
    }

    @AfterEach
    void close() {
        connection.close();
        check.close();
        client.shutdown();
    }

    @Test
    void onADedicatedConnectionCommandsWaitForTheFlush_everyFlushEveryCommands() throws Exception {
        RedisPipeline.Batch batch = new RedisPipeline(RedisConnections.reusing(connection), true, true, 3, Duration.ofSeconds(5)).batch();
        List<RedisFuture<Long>> replies = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            replies.add(batch.add(c -> c.zadd("pipelined", n, "m" + n)));
        }
        Thread.sleep(200);
        assertThat(replies.subList(0, 3)).as("flushed at 3").allMatch(RedisFuture::isDone);
        assertThat(replies.subList(3, 5)).as("held until the flush").noneMatch(RedisFuture::isDone);

        batch.flush();
        assertThat(replies).allMatch(RedisFuture::isDone);
        assertThat(check.sync().zcard("pipelined")).isEqualTo(5);
    }

    @Test
    void switchedOffEveryCommandIsAnsweredBeforeTheNextGoes() {
        RedisPipeline.Batch batch = new RedisPipeline(RedisConnections.reusing(connection), false, true, 1000, Duration.ofSeconds(5)).batch();
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(batch.add(c -> c.zadd("one-by-one", n, "m" + n)).isDone()).isTrue();
        }
        assertThat(check.sync().zcard("one-by-one")).isEqualTo(5);
    }

    @Test
    void reusedEveryUseSharesTheConnection_notReusedEachUseConnectsAnew() {
        RedisConnections reused = RedisConnections.reusing(connection);
        List<Long> shared = List.of(reused.sync(c -> c.clientId()), reused.sync(c -> c.clientId()));
        assertThat(shared).containsOnly(shared.getFirst());
        RedisConnections cold = RedisConnections.onePerUse(client);
        List<Long> own = List.of(cold.sync(c -> c.clientId()), cold.sync(c -> c.clientId()));
        assertThat(own).doesNotHaveDuplicates();
    }

    @Test
    void withoutReuseABatchHoldsOneConnectionPerFlush() throws Exception {
        RedisConnections cold = RedisConnections.onePerUse(client);
        RedisPipeline.Batch oneByOne = new RedisPipeline(cold, false, false, 1000, Duration.ofSeconds(5)).batch();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(oneByOne.add(c -> c.clientId()).get());
        }
        assertThat(ids).as("a connection per command").doesNotHaveDuplicates();

        RedisPipeline.Batch pipelined = new RedisPipeline(cold, true, false, 2, Duration.ofSeconds(5)).batch();
        List<RedisFuture<Long>> replies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            replies.add(pipelined.add(c -> c.clientId()));
        }
        pipelined.flush();
        assertThat(replies.get(0).get()).as("one flush, one connection").isEqualTo(replies.get(1).get());
        assertThat(replies.get(2).get()).as("the next flush, the next connection").isNotEqualTo(replies.get(1).get());
    }
}
