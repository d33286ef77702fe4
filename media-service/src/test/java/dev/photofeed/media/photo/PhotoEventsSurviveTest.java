package dev.photofeed.media.photo;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.outbox.OutboxRelay;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestTokens;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.media.storage.BlobStore;
import dev.photofeed.testsupport.TestImages;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing is lost between the database and Kafka or between the object store and the database: the relay
 * down after the commit still delivers the event once it is back, a blob whose photo never committed
 * is swept away (and no other), and {@code photo-events} keeps every record for a rebuild of the feed.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.outbox.relay-enabled=false"})
@Import(TestTokens.Keys.class)
class PhotoEventsSurviveTest {

    private static final long OWNER = 987_654_321_000L;

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
    void anEventCommittedWhileTheRelayIsDownIsDeliveredWhenItRestarts(TestStores stores) {
        String id = api.upload(TestTokens.forUser(OWNER), TestImages.encode("png", 12, 12), "a.png", "kept").json()
                .get("id").asString();
        assertThat(postedInOutbox()).as("the event waits in the outbox").isEqualTo(1);

        // the relay comes back: a new one, as after a restart
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", stores.endpoints().kafkaBootstrapServers(), "enable.idempotence", true, "acks", "all"),
                new StringSerializer(), new StringSerializer())) {
            OutboxRelay relay = new OutboxRelay(shards, producer, 100, Duration.ofSeconds(1));
            shards.all().forEach(relay::relayBatch);
        }

        List<ConsumerRecord<String, String>> events = events(stores);
        assertThat(events).hasSize(1);
        assertThat(events.getFirst().key()).isEqualTo(String.valueOf(OWNER));
        assertThat(events.getFirst().value()).contains("\"photoId\":\"" + id + "\"", "\"type\":\"photo-posted\"");
        assertThat(postedInOutbox()).isZero();
    }

    /** photo-posted events in the outbox; the thumbnail's photo-updated, which follows, stays there with the relay off. */
    private long postedInOutbox() {
        return shards.all().stream().mapToLong(s -> s.jdbc().sql("SELECT count(*) FROM outbox WHERE event_type = 'photo-posted'")
                .query(Long.class).single()).sum();
    }

    @Test
    void theSweeperDeletesOnlyTheBlobOfAnUploadThatNeverCommitted() {
        long id = 555_555_555_555L;
        ShardRouter.Shard shard = shards.forId(id);
        // what a crash between the blob and the transaction leaves: the intent and the blob, no photo
        shard.jdbc().sql("INSERT INTO pending_uploads (id, created_at) VALUES (?, now() - interval '1 hour')").param(id).update();
        blobs.put(Photo.blobKey(id), new byte[]{1, 2, 3}, "image/png");
        // a fresh intent: its upload may still be under way
        long fresh = id + 1;
        shards.forId(fresh).jdbc().sql("INSERT INTO pending_uploads (id) VALUES (?)").param(fresh).update();
        blobs.put(Photo.blobKey(fresh), new byte[]{4}, "image/png");

        // an old intent whose photo row is there: the blob is the photo's
        long committed = id + 2;
        ShardRouter.Shard committedShard = shards.forId(committed);
        committedShard.jdbc().sql("INSERT INTO pending_uploads (id, created_at) VALUES (?, now() - interval '1 hour')").param(committed).update();
        committedShard.jdbc().sql("""
                        INSERT INTO photos (id, owner_id, caption, media_type, width, height, size_bytes, sha256, created_at)
                        VALUES (?, ?, '', 'image/png', 1, 1, 1, 'x', now())
                        """).param(committed).param(OWNER).update();
        blobs.put(Photo.blobKey(committed), new byte[]{5}, "image/png");

        assertThat(sweeper.sweep(Instant.now().minus(Duration.ofMinutes(5)))).isEqualTo(1);

        assertThat(blobs.exists(Photo.blobKey(id))).isFalse();
        assertThat(shard.jdbc().sql("SELECT count(*) FROM pending_uploads WHERE id = ?").param(id).query(Long.class).single()).isZero();
        assertThat(blobs.exists(Photo.blobKey(fresh))).as("an upload still under way is left alone").isTrue();
        assertThat(blobs.exists(Photo.blobKey(committed))).as("a blob a photo row references is kept").isTrue();
    }

    @Test
    void photoEventsKeepsEveryRecordForTheFeedsRebuild(TestStores stores) throws Exception {
        String topic = stores.kafkaPrefix() + KafkaNames.PHOTO_EVENTS;
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stores.endpoints().kafkaBootstrapServers()))) {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_DELETE);
        }
    }

    private static List<ConsumerRecord<String, String>> events(TestStores stores) {
        return PhotoEventLog.read(stores, "survive-test", events -> !events.isEmpty(), Duration.ofSeconds(1)); // and nothing more
    }
}
