package dev.photofeed.feed.timeline;

import dev.photofeed.localstack.testsupport.RealInfrastructure;
import dev.photofeed.localstack.testsupport.TestStores;
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

/** The pipelining switch on a real Redis: batched sends on, one round trip per command off. */
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
        RedisPipeline.Batch batch = new RedisPipeline(connection, true, true, 3, Duration.ofSeconds(5)).batch();
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
        RedisPipeline.Batch batch = new RedisPipeline(connection, false, true, 1000, Duration.ofSeconds(5)).batch();
        for (int i = 0; i < 5; i++) {
            int n = i;
            assertThat(batch.add(c -> c.zadd("one-by-one", n, "m" + n)).isDone()).isTrue();
        }
        assertThat(check.sync().zcard("one-by-one")).isEqualTo(5);
    }
}
