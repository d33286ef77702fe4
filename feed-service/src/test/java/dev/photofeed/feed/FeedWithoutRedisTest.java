package dev.photofeed.feed;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.RedisServer;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.testsupport.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A feed read while feed-service's Redis is down: a Redis server of this test's own, stopped under the running
 * service, with stub peers ({@link StubPeers}) to gather from. The read answers 200 with the feed, gathered as
 * a cold timeline is, within the gateway's time limit; not a 500, not a hang.
 */
@RealInfrastructure
class FeedWithoutRedisTest {

    private static StubPeers peers;
    private static RedisServer redis;
    private static ConfigurableApplicationContext service;
    private static PublicApi api;

    @BeforeAll
    static void start(TestStores stores) throws Exception {
        peers = StubPeers.start(stores);
        Path dir = Files.createTempDirectory("feed-without-redis-");
        redis = new RedisServer(Ports.free(0).of(Component.REDIS), dir.resolve("redis"), dir.resolve("redis.log"),
                new ProcessRegistry(dir.resolve("run")));
        redis.start();
        Map<String, String> properties = new LinkedHashMap<>(stores.serviceProperties());
        properties.put("server.port", "0");
        properties.put("spring.data.redis.port", String.valueOf(redis.port()));
        properties.put("spring.data.redis.database", "0");
        properties.put("photofeed.upstream.user-service", peers.userService);
        properties.put("photofeed.upstream.media-service", peers.mediaService);
        service = new SpringApplicationBuilder(FeedServiceApplication.class, TestTokens.Keys.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        api = PublicApi.toServices(peers.userService, peers.mediaService, "http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (redis != null) {
            redis.close();
        }
        if (peers != null) {
            peers.close();
        }
    }

    @Test
    void aFeedReadWithRedisDownIsGatheredFromTheFollowList() {
        PublicApi.User owner = peers.newUser("owner");
        PublicApi.User reader = peers.newUser("reader");
        peers.follow(reader, owner);
        String photo = peers.post(owner, "still here");
        // fanned out through Kafka into Redis
        await("the post reached the precomputed feed").atMost(Duration.ofSeconds(30))
                .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
                .until(() -> api.wholeFeed(reader).contains(photo));

        redis.close();

        for (int i = 0; i < 3; i++) {
            long started = System.nanoTime();
            PublicApi.Answer feed = api.feed(reader, null);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(feed.status()).as(feed.json().toString()).isEqualTo(200);
            assertThat(PublicApi.ids(feed.json())).isEqualTo(List.of(photo));
            assertThat(took).as("within the gateway's 5 s time limit").isLessThan(Duration.ofSeconds(4));
        }
    }
}
