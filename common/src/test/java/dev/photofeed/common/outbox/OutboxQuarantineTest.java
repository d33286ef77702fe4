package dev.photofeed.common.outbox;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.shard.ShardingProperties;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The relay on a real shard and a real broker: a row Kafka refuses for good is set aside with its error and the
 * rows behind it are published; a broker that is down sets nothing aside, and the row goes once it is back.
 */
@RealInfrastructure
class OutboxQuarantineTest {

    record Note(String text) {
    }

    private static ShardRouter shards;
    private static ShardRouter.Shard shard;
    private static final OutboxWriter WRITER = new OutboxWriter(JsonMapper.builder().build(), () -> { });

    @BeforeAll
    static void shard(TestStores stores) {
        var postgres = stores.endpoints().postgres().getFirst();
        ShardingProperties defaults = new Binder().bindOrCreate("photofeed.shards", ShardingProperties.class);
        shards = new ShardRouter(new ShardingProperties(List.of(new ShardingProperties.Physical("shard-0", stores.jdbcUrl(0))),
                postgres.username(), postgres.password(), 2, defaults.connectionTimeout(), defaults.queryTimeout(),
                defaults.virtualNodes()), ShardRouter.Connections.WARM_POOL);
        shard = shards.all().getFirst();
    }

    @AfterAll
    static void close() {
        shards.close();
    }

    @Test
    void aRowKafkaRefusesForGoodIsQuarantinedAndTheRowsBehindItArePublished(TestStores stores) throws Exception {
        String topic = topic(stores, "quarantine");
        List<UUID> ids = shard.transactions().execute(tx -> {
            List<UUID> written = new ArrayList<>();
            written.add(WRITER.append(shard.jdbc(), topic, "k", "note", new Note("first")));
            written.add(WRITER.append(shard.jdbc(), topic, "k", "note", new Note("x".repeat(2 * 1024 * 1024)))); // over max.request.size
            written.add(WRITER.append(shard.jdbc(), "not a topic!", "k", "note", new Note("nowhere")));
            written.add(WRITER.append(shard.jdbc(), topic, "k", "note", new Note("third")));
            return written;
        });

        try (Producer<String, String> producer = producer(stores.endpoints().kafkaBootstrapServers())) {
            assertThat(new OutboxRelay(shards, producer, 100, Duration.ofSeconds(1)).relayBatch(shard)).isEqualTo(4);
        }

        assertThat(shard.jdbc().sql("SELECT count(*) FROM outbox").query(Long.class).single()).as("the outbox drained").isZero();
        assertThat(shard.jdbc().sql("SELECT event_id, error FROM outbox_quarantine ORDER BY id")
                .query((rs, n) -> rs.getObject("event_id", UUID.class) + " " + rs.getString("error")).list())
                .satisfiesExactly(
                        tooLarge -> assertThat(tooLarge).startsWith(ids.get(1) + " RecordTooLargeException"),
                        badTopic -> assertThat(badTopic).startsWith(ids.get(2) + " InvalidTopicException"));
        assertThat(published(stores, topic)).as("the rows behind the refused ones, in order")
                .containsExactly(ids.get(0).toString(), ids.get(3).toString());

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new OutboxMeters(shards).bindTo(meters);
        assertThat(meters.get("photofeed.outbox.quarantined").tag("shard", "shard-0").gauge().value()).isEqualTo(2);
    }

    @Test
    void aBrokerThatIsDownQuarantinesNothingAndTheRowGoesOnceItIsBack(TestStores stores) throws Exception {
        String topic = topic(stores, "broker-down");
        UUID id = shard.transactions().execute(tx -> WRITER.append(shard.jdbc(), topic, "k", "note", new Note("patient")));

        try (ServerSocket nothing = new ServerSocket(0);
             Producer<String, String> down = producer("127.0.0.1:" + nothing.getLocalPort())) { // a port no broker answers on
            OutboxRelay relay = new OutboxRelay(shards, down, 100, Duration.ofSeconds(1));
            assertThatThrownBy(() -> relay.relayBatch(shard)).hasMessageContaining("Kafka did not acknowledge");
        }
        assertThat(waiting(id)).as("still in the outbox").isOne();
        assertThat(shard.jdbc().sql("SELECT count(*) FROM outbox_quarantine WHERE event_id = ?").param(id).query(Long.class).single())
                .as("not quarantined").isZero();

        try (Producer<String, String> up = producer(stores.endpoints().kafkaBootstrapServers())) {
            new OutboxRelay(shards, up, 100, Duration.ofSeconds(1)).relayBatch(shard);
        }
        assertThat(waiting(id)).isZero();
        assertThat(published(stores, topic)).containsExactly(id.toString());
    }

    private static long waiting(UUID id) {
        return shard.jdbc().sql("SELECT count(*) FROM outbox WHERE event_id = ?").param(id).query(Long.class).single();
    }

    /** A fresh one-partition topic under this class's prefix. */
    private static String topic(TestStores stores, String name) throws Exception {
        String topic = stores.kafkaPrefix() + name + "-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stores.endpoints().kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    /** The relay's own settings, but waiting at most 2 s for a broker, so a dead one fails fast. */
    private static Producer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "enable.idempotence", true, "acks", "all",
                "max.block.ms", 2000, "request.timeout.ms", 2000, "delivery.timeout.ms", 4000),
                new StringSerializer(), new StringSerializer());
    }

    /** The event ids on the topic's one partition, in order. */
    private static List<String> published(TestStores stores, String topic) {
        JsonMapper json = JsonMapper.builder().build();
        return stores.records(topic).stream().map(record -> json.readTree(record.value()).get("eventId").asString()).toList();
    }
}
