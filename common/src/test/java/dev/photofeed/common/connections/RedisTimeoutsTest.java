package dev.photofeed.common.connections;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Redis client Spring Boot builds, against a real Redis of this test's own that stops answering (CLIENT PAUSE:
 * the server holds every command, as a stuck one does): a command fails after the command limit instead of
 * waiting for the server (Boot's own default is a minute), so a cache read can fall back in time.
 */
class RedisTimeoutsTest {

    private static RedisServer redis;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("redis-timeouts-");
        redis = new RedisServer(Ports.free(0).of(Component.REDIS), dir.resolve("redis"), dir.resolve("redis.log"),
                new ProcessRegistry(dir.resolve("run")));
        redis.start();
    }

    @AfterAll
    static void stop() {
        redis.close();
    }

    @Test
    void aCommandToAStuckRedisFailsAfterTheCommandLimit() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisTimeoutsAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.port=" + redis.port(), "photofeed.redis.command-timeout=500ms")
                .run(context -> {
                    StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
                    template.opsForValue().set("k", "v");
                    pauseServer(Duration.ofSeconds(4));
                    long started = System.nanoTime();
                    assertThatThrownBy(() -> template.opsForValue().get("k")).isInstanceOf(QueryTimeoutException.class);
                    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
                });
    }

    private static void pauseServer(Duration pause) {
        RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", redis.port()));
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().clientPause(pause.toMillis());
        } finally {
            client.shutdown();
        }
    }
}
