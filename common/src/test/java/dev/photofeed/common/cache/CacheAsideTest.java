package dev.photofeed.common.cache;

import dev.photofeed.common.resilience.SharedBreakers;
import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.RedisServer;
import dev.photofeed.testsupport.RealInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import dev.photofeed.testsupport.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Cache-aside against a real Redis. */
@RealInfrastructure
class CacheAsideTest {

    record Item(String name, int size) {
    }

    private static LettuceConnectionFactory connections;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void connect(TestStores stores) {
        RedisStandaloneConfiguration config = new RedisStandaloneConfiguration(stores.endpoints().redisHost(), stores.endpoints().redisPort());
        config.setDatabase(stores.redisDatabase());
        connections = new LettuceConnectionFactory(config);
        connections.afterPropertiesSet();
        redis = new StringRedisTemplate(connections);
    }

    @AfterAll
    static void close() {
        connections.destroy();
    }

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private CacheAside<Item> cache(String name, boolean enabled) {
        CacheProperties settings = new CacheProperties(enabled, Duration.ofMinutes(1), Duration.ofSeconds(10), 0.5);
        return new CacheAside<>(name, Item.class, settings, redis, JsonMapper.builder().build(), meters,
                CacheAside.redisBreaker(SharedBreakers.registry(), meters));
    }

    /**
     * A Redis that stops answering (CLIENT PAUSE on a server of this test's own, as a stuck one holds every
     * command): the first call waits out its command timeout and opens the breaker; the reads after it go
     * straight to the database instead of waiting three timeouts each (read, read in the flight, write); once
     * Redis answers again and the bypass is over, the cache is used again.
     */
    @Test
    void aSilentRedisIsBypassedAfterItsFirstTimeout() throws Exception {
        Path dir = Files.createTempDirectory("cache-bypass-");
        RedisServer server = new RedisServer(Ports.free(0).of(Component.REDIS), dir.resolve("redis"), dir.resolve("redis.log"),
                new ProcessRegistry(dir.resolve("run")));
        server.start();
        LettuceConnectionFactory own = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", server.port()),
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofMillis(300)).build());
        own.afterPropertiesSet();
        try {
            CacheProperties settings = new CacheProperties(true, Duration.ofMinutes(1), Duration.ofSeconds(10), 0.5);
            CacheAside<Item> cache = new CacheAside<>("bypass", Item.class, settings, new StringRedisTemplate(own),
                    JsonMapper.builder().build(), meters, CacheAside.redisBreaker(
                            SharedBreakers.registry("resilience4j.circuitbreaker.instances.cache-redis.wait-duration-in-open-state=1s"), meters));
            cache.get("before", key -> Optional.of(new Item(key, 1))); // connected and cached

            pause(server.port(), Duration.ofMillis(2500));
            long started = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                assertThat(cache.get("during-" + i, key -> Optional.of(new Item(key, 2)))).contains(new Item("during-" + i, 2));
            }
            // one timeout opened the breaker; without it, ten misses would wait 30 timeouts (9 s)
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1500));

            Thread.sleep(2_500); // the pause and the bypass are over
            AtomicInteger loads = new AtomicInteger();
            cache.get("after", key -> Optional.of(new Item(key, loads.incrementAndGet())));
            cache.get("after", key -> Optional.of(new Item(key, loads.incrementAndGet())));
            assertThat(loads).as("the second read is a hit: Redis is used again").hasValue(1);
        } finally {
            own.destroy();
            server.close();
        }
    }

    private static void pause(int port, Duration pause) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().clientPause(pause.toMillis());
        } finally {
            client.shutdown();
        }
    }

    private double count(String name, String what) {
        return meters.get("photofeed.cache." + what).tag("cache", name).counter().count();
    }

    @Test
    void fiftyConcurrentMissesShareOneLoad() throws Exception {
        CacheAside<Item> cache = cache("flight", true);
        AtomicInteger loads = new AtomicInteger();
        // the load holds until the 49 others are waiting on it, so all 50 really missed together
        List<Future<Optional<Item>>> reads = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 50; i++) {
                reads.add(clients.submit(() -> cache.get("k", key -> {
                    loads.incrementAndGet();
                    await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1))
                            .until(() -> count("flight", "coalesced") >= 49);
                    return Optional.of(new Item(key, 7));
                })));
            }
            for (Future<Optional<Item>> read : reads) {
                assertThat(read.get()).contains(new Item("k", 7));
            }
        }
        assertThat(loads.get()).isEqualTo(1);
        assertThat(count("flight", "misses")).isEqualTo(50);
        assertThat(count("flight", "coalesced")).isEqualTo(49);
        assertThat(count("flight", "loads")).isEqualTo(1);
        assertThat(cache.get("k", key -> Optional.empty())).as("now a hit").contains(new Item("k", 7));
        assertThat(count("flight", "hits")).isEqualTo(1);
    }

    @Test
    void absenceIsCachedForTheNegativeTtlAndTtlsAreJittered() {
        CacheAside<Item> cache = cache("absent", true);
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            assertThat(cache.get("nobody", key -> {
                loads.incrementAndGet();
                return Optional.empty();
            })).isEmpty();
        }
        assertThat(loads.get()).isEqualTo(1);
        assertThat(redis.getExpire("absent:nobody")).isBetween(1L, 15L);

        List<Long> ttls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            cache.get("j" + i, key -> Optional.of(new Item(key, 1)));
            ttls.add(redis.getExpire("absent:j" + i));
        }
        assertThat(ttls).allSatisfy(ttl -> assertThat(ttl).isBetween(59L, 90L));
        assertThat(ttls.stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void severalKeysAreReadInOneGoAndOnlyTheMissesLoad() {
        CacheAside<Item> cache = cache("many", true);
        cache.get("a", key -> Optional.of(new Item("a", 1)));
        cache.get("gone", key -> Optional.empty());
        AtomicInteger loads = new AtomicInteger();
        long mgets = calls("mget");
        long gets = calls("get");

        List<Optional<Item>> values = cache.getAll(List.of("c", "a", "gone", "b"), key -> {
            loads.incrementAndGet();
            return Optional.of(new Item(key, 2));
        });

        assertThat(calls("mget") - mgets).as("one MGET for the four keys").isEqualTo(1);
        assertThat(calls("get") - gets).as("a GET only for each miss, looking again inside its flight").isEqualTo(2);

        assertThat(values).containsExactly(Optional.of(new Item("c", 2)), Optional.of(new Item("a", 1)), Optional.empty(),
                Optional.of(new Item("b", 2)));
        assertThat(loads.get()).as("only c and b missed").isEqualTo(2);
        assertThat(count("many", "hits")).isEqualTo(2);
        assertThat(count("many", "misses")).isEqualTo(4); // 2 from the set-up
        assertThat(cache.getAll(List.of("b", "c"), key -> Optional.empty())).as("now cached")
                .containsExactly(Optional.of(new Item("b", 2)), Optional.of(new Item("c", 2)));
        assertThat(cache("many-off", false).getAll(List.of("x"), key -> Optional.of(new Item(key, 3)))).containsExactly(Optional.of(new Item("x", 3)));
    }

    /** How many times the Redis server has run a command (INFO commandstats). */
    private static long calls(String command) {
        Properties stats = redis.execute((RedisCallback<Properties>) connection -> connection.serverCommands().info("commandstats"));
        String line = stats.getProperty("cmdstat_" + command, "calls=0,");
        return Long.parseLong(line.substring(line.indexOf("calls=") + 6, line.indexOf(',', line.indexOf("calls="))));
    }

    @Test
    void aFailedLoadIsNotCached() {
        CacheAside<Item> cache = cache("failing", true);
        assertThatThrownBy(() -> cache.get("x", key -> {
            throw new IllegalStateException("database down");
        })).hasMessage("database down");
        assertThat(redis.hasKey("failing:x")).isFalse();
        assertThat(cache.get("x", key -> Optional.of(new Item(key, 2)))).contains(new Item("x", 2));
    }

    @Test
    void invalidateDeletesAndTheSwitchTurnsCachingOff() {
        CacheAside<Item> cache = cache("switch", true);
        cache.get("a", key -> Optional.of(new Item("old", 1)));
        cache.invalidate("a");
        assertThat(cache.get("a", key -> Optional.of(new Item("new", 2)))).contains(new Item("new", 2));

        CacheAside<Item> off = cache("off", false);
        AtomicInteger loads = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            off.get("a", key -> Optional.of(new Item("v" + loads.incrementAndGet(), 0)));
        }
        assertThat(loads.get()).as("every read loads").isEqualTo(3);
        assertThat(redis.hasKey("off:a")).isFalse();
    }
}
