package dev.photofeed.user;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.outbox.OutboxRelay;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The outbox relay killed half-way through a batch (some events already in Kafka, none yet deleted from the
 * outbox) loses nothing: the next run sends the batch again. The duplicates that brings are harmless: the
 * follower-side apply still leaves exact counts.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/outbox"})
class OutboxRelayTest {

    /** Sends {@code survive} records, then dies the way a killed relay does: before its transaction commits. */
    static final class DyingProducer extends KafkaProducer<String, String> {

        private int survive;

        DyingProducer(String bootstrap, int survive) {
            super(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all"),
                    new StringSerializer(), new StringSerializer());
            this.survive = survive;
        }

        @Override
        public Future<RecordMetadata> send(ProducerRecord<String, String> record) {
            if (survive-- <= 0) {
                throw new IllegalStateException("relay killed");
            }
            return super.send(record);
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    OutboxRelay relay;
    @Autowired
    ShardRouter shards;
    @Autowired
    KafkaNames kafka;
    @Autowired
    MeterRegistry meters;

    @Test
    void aRelayKilledMidBatchLosesNoEvent(TestStores stores) {
        PublicApi api = PublicApi.toService("http://127.0.0.1:" + port);
        relay.stop();
        String idol = api.signUp(PublicApi.uniqueName("idol"));
        List<String> fans = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String fan = PublicApi.uniqueName("fan");
            api.signUp(fan);
            assertThat(api.follow(api.logIn(fan), idol).status()).isEqualTo(204);
            fans.add(fan);
        }
        Set<UUID> written = new HashSet<>();
        for (ShardRouter.Shard shard : shards.all()) {
            written.addAll(shard.jdbc().sql("SELECT event_id FROM outbox").query(UUID.class).list());
        }
        assertThat(written).as("7 sign-ups and 6 follows, all waiting in the outbox").hasSize(13);
        assertThat(meters.find("photofeed.outbox.backlog").gauges().stream().mapToDouble(g -> g.value()).sum())
                .as("the backlog meter").isEqualTo(13);
        assertThat(meters.find("photofeed.outbox.age").gauges().stream().mapToDouble(g -> g.value()).max().orElse(0))
                .as("the age meter").isGreaterThan(0);

        String bootstrap = stores.endpoints().kafkaBootstrapServers();
        for (ShardRouter.Shard shard : shards.all()) {
            long waiting = shard.jdbc().sql("SELECT count(*) FROM outbox").query(Long.class).single();
            if (waiting == 0) {
                continue;
            }
            try (DyingProducer dying = new DyingProducer(bootstrap, (int) waiting / 2)) { // dies half-way
                OutboxRelay doomed = new OutboxRelay(shards, dying, 100, Duration.ofSeconds(1));
                assertThatThrownBy(() -> doomed.relayBatch(shard)).hasMessageContaining("relay killed");
            }
        }
        long left = shards.all().stream().mapToLong(s -> s.jdbc().sql("SELECT count(*) FROM outbox").query(Long.class).single()).sum();
        assertThat(left).as("nothing deleted by the killed relay").isEqualTo(13);

        relay.start();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(shards.all().stream()
                .mapToLong(s -> s.jdbc().sql("SELECT count(*) FROM outbox").query(Long.class).single()).sum()).isZero());

        Map<UUID, Integer> delivered = readAll(stores);
        assertThat(delivered.keySet()).as("every event reached Kafka").containsAll(written);
        assertThat(delivered.values().stream().mapToInt(Integer::intValue).sum())
                .as("the killed relay's sends arrived too: duplicates").isGreaterThan(delivered.size());
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get("/api/users/" + idol).json().get("followerCount").asLong())
                .as("duplicates applied once").isEqualTo(fans.size()));
    }

    @Test
    void userEventsKeepsEveryRecordForTheFeedsRebuild(TestStores stores) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, kafka.topic(KafkaNames.USER_EVENTS));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stores.endpoints().kafkaBootstrapServers()))) {
            Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
        }
    }

    /** Every event id on the topic, with how many times it arrived: all is there once the outbox is empty. */
    private Map<UUID, Integer> readAll(TestStores stores) {
        Map<UUID, Integer> seen = new HashMap<>();
        stores.records(kafka.topic(KafkaNames.USER_EVENTS)).forEach(record -> seen.merge(
                UUID.fromString(PublicApi.JSON.readTree(record.value()).get("eventId").asString()), 1, Integer::sum));
        return seen;
    }
}
