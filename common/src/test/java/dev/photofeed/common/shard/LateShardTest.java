package dev.photofeed.common.shard;

import dev.photofeed.common.warmup.WarmUp;
import dev.photofeed.common.warmup.WarmUpAutoConfiguration;
import dev.photofeed.localstack.Endpoints;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessResourceFailureException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shard that is down when the service starts and comes back later. "Down" is its address with nothing
 * listening; "back" is that address opened onto the real shard server (a plain TCP relay). The router starts
 * and warms without it, refuses its data at once meanwhile, and migrates it before its first use once it answers.
 */
@RealInfrastructure
class LateShardTest {

    @Test
    void aShardDownAtStartIsMigratedWhenItComesBackBeforeItsDataIsUsed(TestStores stores) throws Exception {
        try (ServerSocket late = new ServerSocket()) {
            late.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = late.getLocalPort();
            late.close(); // nothing listens there yet
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(ShardingAutoConfiguration.class, WarmUpAutoConfiguration.class))
                    .withPropertyValues(
                            "photofeed.shards.physical[0].name=shard-0", "photofeed.shards.physical[0].url=" + stores.jdbcUrl(0),
                            "photofeed.shards.physical[1].name=shard-1",
                            "photofeed.shards.physical[1].url=jdbc:postgresql://127.0.0.1:" + port + "/" + stores.database(),
                            "photofeed.shards.pool-size=2")
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        context.getBean(WarmUp.class).run(null);
                        ShardRouter shards = context.getBean(ShardRouter.class);
                        ShardRouter.Shard down = shards.all().get(1);
                        assertThat(down.gate().migrated()).isFalse();
                        assertThat(count(shards.all().getFirst())).as("the live shard serves").isZero();
                        long started = System.nanoTime();
                        assertThatThrownBy(() -> count(down)).isInstanceOf(DataAccessResourceFailureException.class);
                        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("at once").isLessThan(Duration.ofSeconds(1));
                        assertThat(context.getBean(ShardsHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.DOWN);

                        try (Relay ignored = new Relay(port, stores.endpoints().postgres().get(1))) {
                            Thread.sleep(ShardGate.RETRY_AFTER.toMillis());
                            assertThat(count(down)).as("migrated, then served").isZero();
                            assertThat(down.gate().migrated()).isTrue();
                            assertThat(context.getBean(ShardsHealthIndicator.class).health(true).getStatus()).isEqualTo(Status.UP);
                        }
                    });
        }
    }

    /** Rows of the outbox, a table common's migrations make: the query fails on a shard not migrated. */
    private static int count(ShardRouter.Shard shard) {
        return shard.jdbc().sql("SELECT count(*) FROM outbox").query(Integer.class).single();
    }

    /** Opens {@code port} and relays each connection to the real server. */
    private static final class Relay implements AutoCloseable {

        private final ServerSocket server;

        Relay(int port, Endpoints.Postgres target) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress("127.0.0.1", port));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket upstream = new Socket(target.host(), target.port());
                        Thread.ofVirtual().start(() -> copy(client, upstream));
                        Thread.ofVirtual().start(() -> copy(upstream, client));
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        private static void copy(Socket from, Socket to) {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            } catch (IOException ended) {
                // one side closed: the other follows
            } finally {
                try {
                    from.close();
                    to.close();
                } catch (IOException ignored) {
                    // closing
                }
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
