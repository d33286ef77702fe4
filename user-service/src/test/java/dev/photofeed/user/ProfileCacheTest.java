package dev.photofeed.user;

import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Profiles cache-aside in a real Redis: single-flight, negative caching, TTL jitter, invalidation after commit. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/cache",
                "photofeed.cache.ttl=10m", "photofeed.cache.negative-ttl=1m", "photofeed.cache.jitter=0.2"})
class ProfileCacheTest {

    @LocalServerPort
    int port;
    @Autowired
    MeterRegistry meters;
    @Autowired
    StringRedisTemplate redis;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://127.0.0.1:" + port);
    }

    @Test
    void fiftyConcurrentMissesOnOneProfileCauseOneDatabaseLoad() throws Exception {
        String id = api.signUp(PublicApi.uniqueName("hot"));
        redis.delete("profile:" + id);
        double loads = count("loads");
        double misses = count("misses");
        double coalesced = count("coalesced");
        double hits = count("hits");

        CountDownLatch start = new CountDownLatch(1);
        List<Future<PublicApi.Answer>> reads = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                reads.add(clients.submit(() -> {
                    start.await();
                    return api.get("/api/users/" + id);
                }));
            }
            start.countDown();
            for (Future<PublicApi.Answer> read : reads) {
                assertThat(read.get().status()).isEqualTo(200);
                assertThat(read.get().json().get("id").asString()).isEqualTo(id);
            }
        }
        assertThat(count("loads") - loads).as("database loads").isEqualTo(1);
        assertThat(count("misses") - misses + count("hits") - hits).isEqualTo(50);
        assertThat(count("misses") - misses).as("every miss but the leader's waited for its load")
                .isEqualTo(1 + count("coalesced") - coalesced);
    }

    @Test
    void unknownIdsAreCachedAsAbsent() {
        double loads = count("loads");
        for (int i = 0; i < 5; i++) {
            assertThat(api.get("/api/users/424242").status()).isEqualTo(404);
        }
        assertThat(count("loads") - loads).isEqualTo(1);
        assertThat(redis.opsForValue().get("profile:424242")).isEqualTo("-");
        long ttl = redis.getExpire("profile:424242");
        assertThat(ttl).isBetween(50L, 72L);
    }

    @Test
    void entriesLiveTheirTtlPlusJitter() {
        List<Long> ttls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String id = api.signUp(PublicApi.uniqueName("ttl"));
            api.get("/api/users/" + id);
            ttls.add(redis.getExpire("profile:" + id));
        }
        assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween(595L, 720L));
        assertThat(ttls.stream().distinct().count()).as("not all the same lifetime").isGreaterThan(1);
    }

    @Test
    void aCommittedChangeDropsTheCachedProfile() {
        String fan = PublicApi.uniqueName("fan");
        String fanId = api.signUp(fan);
        String idolId = api.signUp(PublicApi.uniqueName("idol"));
        assertThat(api.get("/api/users/" + fanId).json().get("followingCount").asLong()).isZero(); // now cached
        assertThat(redis.hasKey("profile:" + fanId)).isTrue();

        api.follow(api.logIn(fan), idolId);

        assertThat(api.get("/api/users/" + fanId).json().get("followingCount").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(
                () -> assertThat(api.get("/api/users/" + idolId).json().get("followerCount").asLong()).isEqualTo(1));
    }

    private double count(String what) {
        return meters.get("photofeed.cache." + what).tag("cache", "profile").counter().count();
    }
}
