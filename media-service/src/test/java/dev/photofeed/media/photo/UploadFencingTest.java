package dev.photofeed.media.photo;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.shard.ShardingProperties;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestTokens;
import dev.photofeed.media.storage.BlobStore;
import dev.photofeed.testsupport.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No committed photo loses its blob, with the service's connections to Postgres failing for real: a commit
 * whose acknowledgement is lost, and a sweep that runs while an upload is still under way.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.outbox.relay-enabled=false"})
@Import({TestTokens.Keys.class, UploadFencingTest.ThroughLinks.class})
class UploadFencingTest {

    /** Every shard's connections go through a {@link PostgresLink}, by shard name. */
    static final Map<String, PostgresLink> LINKS = new ConcurrentHashMap<>();

    @TestConfiguration(proxyBeanMethods = false)
    static class ThroughLinks {
        @Bean
        static BeanPostProcessor shardsThroughLinks() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof ShardingProperties shards)) {
                        return bean;
                    }
                    List<ShardingProperties.Physical> linked = shards.physical().stream().map(physical -> {
                        URI url = URI.create(physical.url().substring("jdbc:".length()));
                        PostgresLink link = LINKS.computeIfAbsent(physical.name(), n -> open(url.getHost(), url.getPort()));
                        return new ShardingProperties.Physical(physical.name(),
                                "jdbc:postgresql://127.0.0.1:" + link.port() + url.getPath() + "?prepareThreshold=0");
                    }).toList();
                    return new ShardingProperties(linked, shards.username(), shards.password(), shards.poolSize(),
                            shards.connectionTimeout(), shards.queryTimeout(), shards.virtualNodes());
                }
            };
        }

        private static PostgresLink open(String host, int port) {
            try {
                return new PostgresLink(host, port);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @AfterAll
    static void closeLinks() throws IOException {
        for (PostgresLink link : LINKS.values()) {
            link.close();
        }
    }

    @LocalServerPort
    int port;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://localhost:" + port);
    }
    @Autowired
    ShardRouter shards;
    @Autowired
    BlobStore blobs;
    @Autowired
    OrphanSweeper sweeper;

    @Test
    void aCommitWhoseAcknowledgementIsLostKeepsThePhotoAndItsBlob() {
        long owner = 7_000_000_001L;
        PostgresLink link = LINKS.get(shards.forId(owner).name());
        link.cutCommitAfter("INSERT INTO photos");
        byte[] png = TestImages.encode("png", 10, 10);

        PublicApi.Answer answer = api.upload(TestTokens.forUser(owner), png, "p.png", null);

        assertThat(link.cuts).as("the commit's answer was cut").hasValue(1);
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        String id = answer.json().get("id").asString();
        assertThat(blobs.exists(Photo.blobKey(PhotofeedId.parse(id).orElseThrow()))).as("the committed photo's blob").isTrue();
        assertThat(api.get("/api/photos/" + id + "/content").body()).isEqualTo(png);
    }

    @Test
    void aSweepWhileAnUploadCommitsWaitsForItAndKeepsItsBlob() throws Exception {
        long owner = 7_000_000_002L;
        PostgresLink link = LINKS.get(shards.forId(owner).name());
        link.holdNext("INSERT INTO photos"); // the upload is inside its transaction, its blob stored
        byte[] png = TestImages.encode("png", 11, 11);
        CompletableFuture<PublicApi.Answer> upload = CompletableFuture.supplyAsync(
                () -> api.upload(TestTokens.forUser(owner), png, "p.png", null));
        assertThat(link.awaitHeld()).isTrue();

        // a sweeper whose grace has run out for this upload, as for one slower than orphan-after
        CompletableFuture<Integer> sweep = CompletableFuture.supplyAsync(() -> sweeper.sweep(Instant.now().plus(Duration.ofHours(2))));
        try {
            sweep.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException waiting) {
            // the fence: it waits on the intent the upload's transaction holds
        }
        link.release();

        PublicApi.Answer answer = upload.get(30, TimeUnit.SECONDS);
        sweep.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.text()).isEqualTo(201);
        String id = answer.json().get("id").asString();
        assertThat(api.get("/api/photos/" + id + "/content").body()).as("the photo's blob").isEqualTo(png);
    }

    @Test
    void anUploadTheSweeperClaimedFirstNeverCommits() throws Exception {
        long owner = 7_000_000_003L;
        PostgresLink link = LINKS.get(shards.forId(owner).name());
        link.holdNext("swept_at IS NULL"); // the upload's transaction is about to clear its intent
        CompletableFuture<PublicApi.Answer> upload = CompletableFuture.supplyAsync(
                () -> api.upload(TestTokens.forUser(owner), TestImages.encode("png", 12, 12), "p.png", null));
        assertThat(link.awaitHeld()).isTrue();

        assertThat(sweeper.sweep(Instant.now().plus(Duration.ofHours(2)))).as("the claimed upload swept").isOne();
        link.release();

        PublicApi.Answer answer = upload.get(30, TimeUnit.SECONDS);
        assertThat(answer.status()).as(answer.text()).isGreaterThanOrEqualTo(500);
        assertThat(shards.forId(owner).jdbc().sql("SELECT count(*) FROM photos WHERE owner_id = ?").param(owner)
                .query(Long.class).single()).as("no photo whose blob the sweeper deleted").isZero();
    }
}
