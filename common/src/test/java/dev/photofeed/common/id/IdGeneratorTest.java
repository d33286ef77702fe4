package dev.photofeed.common.id;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.shard.ShardingProperties;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Uniqueness against real Postgres shards: many generators, a frozen clock, a clock that steps back. */
@RealInfrastructure
class IdGeneratorTest {

    private static ShardRouter shards;

    @BeforeAll
    static void connect(TestStores stores) {
        List<ShardingProperties.Physical> physical = IntStream.range(0, stores.shards())
                .mapToObj(i -> new ShardingProperties.Physical("shard-" + i, stores.jdbcUrl(i))).toList();
        ShardingProperties defaults = new Binder().bindOrCreate("photofeed.shards", ShardingProperties.class);
        shards = new ShardRouter(new ShardingProperties(physical, "postgres", "", 4, defaults.connectionTimeout(),
                defaults.queryTimeout(), defaults.virtualNodes()), ShardRouter.Connections.WARM_POOL);
    }

    @AfterAll
    static void close() {
        shards.close();
    }

    @Test
    void concurrentGeneratorsOnOneLogicalShardNeverRepeat() throws Exception {
        int logicalShard = 77;
        // eight "replicas", each with its own generator, all on one frozen millisecond: the worst case
        Clock frozen = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
        Set<Long> ids = ConcurrentHashMap.newKeySet();
        try (ExecutorService replicas = Executors.newFixedThreadPool(8)) {
            List<Future<List<Long>>> runs = new ArrayList<>();
            for (int r = 0; r < 8; r++) {
                IdGenerator generator = new IdGenerator(shards, frozen);
                runs.add(replicas.submit(() -> {
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        mine.add(generator.next(logicalShard));
                    }
                    return mine;
                }));
            }
            for (Future<List<Long>> run : runs) {
                List<Long> mine = run.get();
                assertThat(mine).as("each replica sees increasing ids").isSorted();
                ids.addAll(mine);
            }
        }
        assertThat(ids).hasSize(8 * 300);
        assertThat(ids).allSatisfy(id -> assertThat(PhotofeedId.logicalShard(id)).isEqualTo(logicalShard));
    }

    @Test
    void batchesNeverRepeatAnIdAndKeepEachLogicalShardIncreasing() {
        // one frozen millisecond for 20 batches: logical shards drawn again and again must go past it
        Clock frozen = Clock.fixed(Instant.parse("2026-02-01T00:00:00Z") /* before the other tests' times: theirs stay exact */, ZoneOffset.UTC);
        IdGenerator generator = new IdGenerator(shards, frozen);
        Set<Long> ids = new HashSet<>();
        for (int batch = 0; batch < 20; batch++) {
            for (long id : generator.nextOnAnyShards(1000)) {
                ids.add(id);
            }
        }
        assertThat(ids).hasSize(20 * 1000);
        Set<Integer> logical = new HashSet<>();
        ids.forEach(id -> logical.add(PhotofeedId.logicalShard(id)));
        assertThat(logical.size()).as("random logical shards").isGreaterThan(4000);
        long last = ids.stream().filter(id -> PhotofeedId.logicalShard(id) == 17).mapToLong(Long::longValue).max().orElse(0);
        long single = generator.next(17);
        assertThat(single).as("a single id after the batches comes after them").isGreaterThan(last);
    }

    @Test
    void aClockSteppingBackNeverRepeatsAnId() {
        Instant now = Instant.parse("2026-07-01T12:00:00Z");
        long before = new IdGenerator(shards, Clock.fixed(now, ZoneOffset.UTC)).next(5);
        // a restarted replica whose clock is a minute behind
        long after = new IdGenerator(shards, Clock.fixed(now.minus(Duration.ofMinutes(1)), ZoneOffset.UTC)).next(5);
        assertThat(after).isGreaterThan(before);
    }

    @Test
    void idsCarryTheirTimeAndShard() {
        Instant now = Instant.parse("2026-08-01T00:00:00Z");
        long id = new IdGenerator(shards, Clock.fixed(now, ZoneOffset.UTC)).next(4242);
        assertThat(PhotofeedId.logicalShard(id)).isEqualTo(4242);
        assertThat(PhotofeedId.createdAt(id)).isEqualTo(now);
    }

    @Test
    void theClockRowLivesOnTheShardThatHoldsTheLogicalShard() {
        Set<String> used = new HashSet<>();
        IdGenerator generator = new IdGenerator(shards, Clock.systemUTC());
        for (int logical = 0; logical < 64; logical++) {
            generator.next(logical);
            ShardRouter.Shard home = shards.forLogicalShard(logical);
            used.add(home.name());
            for (ShardRouter.Shard shard : shards.all()) {
                int rows = shard.jdbc().sql("SELECT count(*) FROM id_clock WHERE logical_shard = ?")
                        .param(logical).query(Integer.class).single();
                assertThat(rows).as("clock of logical shard %d on %s", logical, shard.name()).isEqualTo(shard == home ? 1 : 0);
            }
        }
        assertThat(used).as("64 logical shards land on both physical shards").hasSize(2);
    }
}
