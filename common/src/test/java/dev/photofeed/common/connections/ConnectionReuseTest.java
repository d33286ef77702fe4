package dev.photofeed.common.connections;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.shard.ShardingAutoConfiguration;
import dev.photofeed.localstack.ServiceProperties;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connection-reuse switch on real Postgres and Redis: on, consecutive uses share one connection (the same
 * backend process, the same Redis client); off, each use is a connection of its own, but a transaction keeps one.
 */
@RealInfrastructure
class ConnectionReuseTest {

    private static WebApplicationContextRunner runner(TestStores stores) {
        Map<String, String> properties = new LinkedHashMap<>(ServiceProperties.shards(stores.endpoints().postgres().subList(0, 1), stores.database()));
        properties.putAll(ServiceProperties.redis(stores.endpoints(), stores.redisDatabase()));
        properties.put("photofeed.shards.pool-size", "2");
        return new WebApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ConnectionReuseAutoConfiguration.class, ShardingAutoConfiguration.class,
                        DataRedisAutoConfiguration.class))
                .withPropertyValues(properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new));
    }

    @Test
    void onByDefaultConsecutiveUsesShareAConnection(TestStores stores) {
        runner(stores).run(context -> {
            List<Integer> pids = backendPids(context);
            assertThat(pids).as("Postgres backends").containsOnly(pids.getFirst());
            List<String> clients = redisClientIds(context);
            assertThat(clients).as("Redis clients").containsOnly(clients.getFirst());
        });
    }

    @Test
    void offEveryUseOpensItsOwnConnectionAndATransactionKeepsOne(TestStores stores) {
        runner(stores).withPropertyValues("photofeed.connection-reuse.enabled=false").run(context -> {
            assertThat(backendPids(context)).as("Postgres backends").doesNotHaveDuplicates();
            assertThat(redisClientIds(context)).as("Redis clients").doesNotHaveDuplicates();
            ShardRouter.Shard shard = context.getBean(ShardRouter.class).all().getFirst();
            List<Integer> inTransaction = shard.transactions().execute(status -> List.of(pid(shard), pid(shard)));
            assertThat(inTransaction).as("one transaction, one backend").containsOnly(inTransaction.getFirst());
        });
    }

    private static List<Integer> backendPids(AssertableWebApplicationContext context) {
        ShardRouter.Shard shard = context.getBean(ShardRouter.class).all().getFirst();
        return List.of(pid(shard), pid(shard));
    }

    private static int pid(ShardRouter.Shard shard) {
        return shard.jdbc().sql("SELECT pg_backend_pid()").query(Integer.class).single();
    }

    /** "id=7" from CLIENT INFO ("id=7 addr=... "): which connection the command came on. */
    private static List<String> redisClientIds(AssertableWebApplicationContext context) {
        StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
        RedisCallback<String> clientId = connection -> {
            Object info = connection.execute("CLIENT", "INFO".getBytes(StandardCharsets.UTF_8));
            String text = info instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(info);
            return text.substring(0, text.indexOf(' '));
        };
        return List.of(redis.execute(clientId), redis.execute(clientId));
    }
}
