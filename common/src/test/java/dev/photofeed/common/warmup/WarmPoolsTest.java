package dev.photofeed.common.warmup;

import com.zaxxer.hikari.HikariDataSource;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.shard.ShardingAutoConfiguration;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The warm-pools switch: on, every connection is open and checked before readiness; off, pools start empty. A
 * store that cannot be warmed does not stop the start.
 */
@RealInfrastructure
class WarmPoolsTest {

    private static ApplicationContextRunner runner(TestStores stores) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ShardingAutoConfiguration.class, WarmUpAutoConfiguration.class))
                .withPropertyValues(
                        "photofeed.shards.physical[0].name=shard-0", "photofeed.shards.physical[0].url=" + stores.jdbcUrl(0),
                        "photofeed.shards.physical[1].name=shard-1", "photofeed.shards.physical[1].url=" + stores.jdbcUrl(1),
                        "photofeed.shards.pool-size=4");
    }

    @Test
    void warmUpOpensEveryConnectionOfEveryShard(TestStores stores) {
        runner(stores).run(context -> {
            context.getBean(WarmUp.class).run(null);
            for (ShardRouter.Shard shard : context.getBean(ShardRouter.class).all()) {
                assertThat(((HikariDataSource) shard.dataSource()).getHikariPoolMXBean().getTotalConnections()).as(shard.name()).isEqualTo(4);
            }
            assertThat(context.getBean(dev.photofeed.common.shard.ShardsHealthIndicator.class).health(false).getStatus())
                    .isEqualTo(Status.UP);
        });
    }

    @Test
    void aClientThatCannotBeWarmedIsLeftColdAndTheOthersAreStillWarmed() {
        java.util.List<String> warmed = new java.util.ArrayList<>();
        WarmUp warmUp = new WarmUp(java.util.List.of(
                warmable("dead-shard", () -> {
                    throw new java.sql.SQLTransientConnectionException("Connection refused");
                }),
                warmable("live-shard", () -> warmed.add("live-shard"))));

        warmUp.run(null); // would throw, and stop the service starting, if one dead store were fatal

        assertThat(warmed).containsExactly("live-shard");
    }

    private interface Warming {
        void warm() throws Exception;
    }

    private static Warmable warmable(String name, Warming warming) {
        return new Warmable() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void warm() throws Exception {
                warming.warm();
            }
        };
    }

    @Test
    void switchedOffThePoolsStartColdAndNothingWarmsThem(TestStores stores) {
        runner(stores).withPropertyValues("photofeed.warm-pools.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(WarmUp.class);
            for (ShardRouter.Shard shard : context.getBean(ShardRouter.class).all()) {
                assertThat(((HikariDataSource) shard.dataSource()).getHikariPoolMXBean().getTotalConnections()).as(shard.name()).isZero();
            }
        });
    }
}
