package dev.photofeed.feed.timeline;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.feed.FeedProperties;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.LongConsumer;

/**
 * The fan-out bench (not part of the suite: run it with {@code ./mvnw -o -pl feed-service test -Dtest=FanOutBench}).
 * Prints, for one post fanned out to 10,000 timelines through the fan-out batcher, inserts per second and
 * CPU-µs per insert (our client threads plus redis-server's own, from INFO), and in the same run the same
 * figures for bare pipelined ZADDs on the same Redis (what {@code redis-benchmark -P 32 -t zadd} measures),
 * with the ratio. It asserts nothing about speed: machines are noisy, the figures are for reading.
 */
@RealInfrastructure
class FanOutBench {

    private static final int FOLLOWERS = 10_000;
    private static final int WARM_UP = 5;
    private static final int ROUNDS = 20;

    @Test
    void fanOutOfOnePostToTenThousandTimelines(TestStores stores) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(stores.endpoints().redisHost())
                .withPort(stores.endpoints().redisPort()).withDatabase(stores.redisDatabase()).build());
        try (StatefulRedisConnection<String, String> requests = client.connect();
             StatefulRedisConnection<String, String> fanOut = client.connect();
             StatefulRedisConnection<String, String> baseline = client.connect()) {
            FeedProperties settings = new FeedProperties(new FeedProperties.Precompute(true), 10_000, 800, 8, Duration.ofDays(1),
                    1000, 5000, Duration.ofMinutes(10), Duration.ofSeconds(2), 16, Duration.ofSeconds(1));
            Duration timeout = Duration.ofSeconds(10);
            RedisConnections requestWay = RedisConnections.reusing(requests);
            TimelineStore store = new TimelineStore(requestWay, new RedisPipeline(requestWay, true, false, 1000, timeout),
                    new RedisPipeline(RedisConnections.reusing(fanOut), true, true, 1000, timeout), settings);
            RedisPipeline bare = new RedisPipeline(RedisConnections.reusing(baseline), true, true, 1000, timeout);

            Figures timelines = measure(requests, round -> {
                long photoId = PhotofeedId.compose(round, 1, 0);
                RedisPipeline.Batch batch = store.fanOutBatch();
                for (long follower = 1; follower <= FOLLOWERS; follower++) {
                    store.insert(batch, follower, photoId);
                }
                batch.flush();
            });
            Figures zadds = measure(requests, round -> {
                RedisPipeline.Batch batch = bare.batch();
                for (long key = 1; key <= FOLLOWERS; key++) {
                    String k = "bench:zadd:" + key;
                    batch.add(c -> c.zadd(k, round, String.valueOf(round)));
                }
                batch.flush();
            });
            System.out.printf("%nfan-out of one post to %,d timelines (median of %d rounds after %d warm-up)%n",
                    FOLLOWERS, ROUNDS, WARM_UP);
            System.out.printf("  timeline inserts (fan-out batcher): %,12.0f inserts/s   %6.2f CPU-µs/insert (client %.2f + redis %.2f)%n",
                    timelines.perSecond, timelines.clientMicros + timelines.redisMicros, timelines.clientMicros, timelines.redisMicros);
            System.out.printf("  Lettuce pipelined ZADD baseline:    %,12.0f ZADD/s      %6.2f CPU-µs/ZADD   (client %.2f + redis %.2f)%n",
                    zadds.perSecond, zadds.clientMicros + zadds.redisMicros, zadds.clientMicros, zadds.redisMicros);
            System.out.printf("  ratio: %.0f%% of the baseline's throughput (bar: >= 50%%)%n%n", 100 * timelines.perSecond / zadds.perSecond);
            requests.sync().flushdb();
        } finally {
            client.shutdown();
        }
    }

    private record Figures(double perSecond, double clientMicros, double redisMicros) {
    }

    private static Figures measure(StatefulRedisConnection<String, String> admin, LongConsumer round) {
        for (int i = 0; i < WARM_UP; i++) {
            round.accept(i + 1);
        }
        double[] rates = new double[ROUNDS];
        long clientNanos = 0;
        double redisSeconds = 0;
        for (int i = 0; i < ROUNDS; i++) {
            double redisBefore = redisCpuSeconds(admin);
            long cpuBefore = clientCpuNanos();
            long start = System.nanoTime();
            round.accept(WARM_UP + i + 1);
            long elapsed = System.nanoTime() - start;
            clientNanos += clientCpuNanos() - cpuBefore;
            redisSeconds += redisCpuSeconds(admin) - redisBefore;
            rates[i] = FOLLOWERS / (elapsed / 1e9);
        }
        Arrays.sort(rates);
        double inserts = (double) FOLLOWERS * ROUNDS;
        return new Figures(rates[ROUNDS / 2], clientNanos / 1e3 / inserts, redisSeconds * 1e6 / inserts);
    }

    /** CPU of the threads that do the work: this one and Lettuce's I/O threads. */
    private static long clientCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = threads.getCurrentThreadCpuTime();
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("lettuce-")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    /** redis-server's own CPU (user + sys, all its threads) from INFO. */
    private static double redisCpuSeconds(StatefulRedisConnection<String, String> admin) {
        double seconds = 0;
        for (String line : admin.sync().info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds += Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return seconds;
    }

}
