package dev.photofeed.gateway.ratelimit;

import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Lua script on a real Redis and the Java reference decide identically, on 10,000 random sequences of
 * arrivals (bursts, idle gaps, quantities, policies). Simulated time runs at least as fast as Redis's own
 * clock, so a key Redis expires in real time is one whose TAT has already passed in simulated time.
 */
@RealInfrastructure
class GcraScriptPropertyTest {

    @Test
    void luaAndJavaAgreeOnRandomArrivalSequences(TestStores stores) throws IOException {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(stores.endpoints().redisHost())
                .withPort(stores.endpoints().redisPort()).withDatabase(stores.redisDatabase()).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            String sha = redis.scriptLoad(script());
            SplittableRandom random = new SplittableRandom(20261122);
            int decisions = 0;
            int refusals = 0;
            for (int sequence = 0; sequence < 10_000; sequence++) {
                Gcra.Policy policy = new Gcra.Policy("p", random.nextInt(0, 20), random.nextInt(1, 50),
                        random.nextLong(1, 61) * 1_000_000);
                String key = "rl:{test:" + sequence + "}";
                long offset = 0;
                long tat = Long.MIN_VALUE;
                int length = random.nextInt(1, 25);
                for (int i = 0; i < length; i++) {
                    offset += random.nextInt(4) == 0 ? 0 : random.nextLong(0, policy.interval() * 3);
                    long now = System.currentTimeMillis() * 1_000 + offset;
                    int quantity = random.nextInt(10) == 0 ? random.nextInt(2, policy.limit() + 3) : 1;

                    Gcra.Decision expected = Gcra.decide(policy, tat, now, quantity);
                    List<Long> actual = redis.evalsha(sha, ScriptOutputType.MULTI, new String[]{key},
                            String.valueOf(policy.burst()), String.valueOf(policy.rate()), String.valueOf(policy.periodMicros()),
                            String.valueOf(quantity), String.valueOf(now));

                    assertThat(actual).as("sequence %d, request %d, %s", sequence, i, policy).containsExactly(
                            expected.limited() ? 1L : 0L, (long) expected.limit(), expected.remaining(),
                            expected.retryAfterMicros(), expected.resetAfterMicros());
                    tat = expected.newTat();
                    decisions++;
                    refusals += expected.limited() ? 1 : 0;
                }
            }
            assertThat(refusals).as("the sequences exercise refusals too").isGreaterThan(decisions / 20);
        } finally {
            client.shutdown();
        }
    }

    private static String script() throws IOException {
        try (InputStream in = GcraScriptPropertyTest.class.getResourceAsStream("/scripts/gcra.lua")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
