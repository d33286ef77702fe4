package dev.photofeed.user;

import dev.photofeed.common.events.ConsumerRuntimeAutoConfiguration;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.localstack.Endpoints;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The consumer runtime (common's {@code ConsumerRuntimeAutoConfiguration}) under this service's two listeners, on
 * real servers: a shard that is down holds an event back, however many attempts that takes, instead of dropping
 * it; poison goes to the dead-letter topic with its reason and the partition moves on; a redelivered photo event
 * is counted once. Back-off and connection timeout are short so that ten attempts take seconds, not minutes.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/consumers",
                "photofeed.shards.connection-timeout=1s",
                "photofeed.kafka.consumers.first-backoff=20ms", "photofeed.kafka.consumers.max-backoff=100ms",
                // a retry re-fetches its record: not after an idle fetch's 5 s wait
                "spring.kafka.consumer.fetch-max-wait=100ms"})
class EventConsumersTest {

    private static final Duration APPLIED = Duration.ofSeconds(30);

    @LocalServerPort
    int port;
    @Autowired
    ShardRouter shards;
    @Autowired
    KafkaNames kafka;
    @Autowired
    MeterRegistry meters;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://127.0.0.1:" + port);
    }

    @Test
    void aFollowWhoseShardIsDownIsRetriedPastTenAttemptsAndAppliedOnceItIsBack(TestStores stores) throws Exception {
        String fan = PublicApi.uniqueName("fan");
        long fanId = Long.parseLong(api.signUp(fan));
        long starId = onAnotherShard(fanId);
        api.get("/api/users/" + starId); // cached: the follow reads the followee's profile while its shard is down
        String token = api.logIn(fan); // a log-in may need either shard (the username index)
        String starShard = shards.forId(starId).name();
        double failuresBefore = failures(KafkaNames.USER_EVENTS);

        try (var outage = new Outage(stores, starShard)) {
            assertThat(api.follow(token, String.valueOf(starId)).status()).isEqualTo(204);
            await().atMost(APPLIED).untilAsserted(() -> assertThat(failures(KafkaNames.USER_EVENTS) - failuresBefore)
                    .as("attempts at the follow while the followee's shard is down").isGreaterThan(10));
        }

        await().atMost(APPLIED).untilAsserted(() -> assertThat(api.get("/api/users/" + starId).json().get("followerCount").asLong())
                .as("applied once the shard is back").isEqualTo(1));
        assertThat(api.get("/api/users/" + starId + "/followers").json().get("items").get(0).get("id").asString())
                .isEqualTo(String.valueOf(fanId));
    }

    @Test
    void poisonGoesToTheDeadLetterTopicWithItsReasonAndTheNextEventIsApplied(TestStores stores) throws Exception {
        String owner = api.signUp(PublicApi.uniqueName("poisoned"));
        String topic = kafka.topic(KafkaNames.PHOTO_EVENTS);
        String noOwner = "{\"eventId\":\"%s\",\"type\":\"photo-posted\",\"occurredAt\":\"%s\",\"photoId\":\"1\"}"
                .formatted(UUID.randomUUID(), Instant.now());
        try (KafkaProducer<String, String> producer = producer(stores)) {
            // one key, one partition: the good event comes after the two poison ones
            producer.send(new ProducerRecord<>(topic, owner, "{not json " + owner)).get();
            producer.send(new ProducerRecord<>(topic, owner, noOwner)).get();
            producer.send(new ProducerRecord<>(topic, owner, posted(UUID.randomUUID(), owner))).get();
        }

        await().atMost(APPLIED).untilAsserted(() -> assertThat(api.get("/api/users/" + owner).json().get("photoCount").asLong())
                .as("the event after the poison").isEqualTo(1));
        List<ConsumerRecord<String, String>> dead = stores.records(KafkaNames.deadLetters(topic));
        ConsumerRecord<String, String> notJson = only(dead, "{not json " + owner);
        assertThat(header(notJson, ConsumerRuntimeAutoConfiguration.REASON)).startsWith("PoisonEvent: not JSON");
        assertThat(header(notJson, "kafka_dlt-original-topic")).isEqualTo(topic);
        assertThat(notJson.key()).isEqualTo(owner);
        assertThat(header(only(dead, noOwner), ConsumerRuntimeAutoConfiguration.REASON)).contains("ownerId is not an id");
    }

    @Test
    void aRedeliveredPhotoEventIsCountedOnce(TestStores stores) throws Exception {
        String owner = api.signUp(PublicApi.uniqueName("photographer"));
        assertThat(api.get("/api/users/" + owner).json().get("photoCount").asLong()).isZero(); // cached
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        String topic = kafka.topic(KafkaNames.PHOTO_EVENTS);
        try (KafkaProducer<String, String> producer = producer(stores)) {
            producer.send(new ProducerRecord<>(topic, owner, posted(first, owner))).get();
            producer.send(new ProducerRecord<>(topic, owner, posted(first, owner))).get(); // redelivered
            producer.send(new ProducerRecord<>(topic, owner, posted(second, owner))).get();
        }
        ShardRouter.Shard shard = shards.forId(Long.parseLong(owner));
        await().atMost(APPLIED).untilAsserted(() -> assertThat(shard.jdbc().sql("SELECT count(*) FROM counted_photo_events WHERE event_id = ?")
                .param(second).query(Long.class).single()).as("the last of the three applied").isOne());
        assertThat(api.get("/api/users/" + owner).json().get("photoCount").asLong()).isEqualTo(2);
    }

    /** A new user whose id lives on another physical shard than {@code userId}'s. */
    private long onAnotherShard(long userId) {
        for (int i = 0; i < 50; i++) {
            long other = Long.parseLong(api.signUp(PublicApi.uniqueName("star")));
            if (!shards.forId(other).name().equals(shards.forId(userId).name())) {
                return other;
            }
        }
        throw new AssertionError("50 sign-ups, all on one shard");
    }

    private double failures(String topic) {
        Counter counter = meters.find("photofeed.events.failures").tag("topic", kafka.topic(topic)).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String posted(UUID eventId, String owner) {
        return "{\"eventId\":\"%s\",\"type\":\"photo-posted\",\"occurredAt\":\"%s\",\"photoId\":\"1\",\"ownerId\":\"%s\"}"
                .formatted(eventId, Instant.now(), owner);
    }

    private static KafkaProducer<String, String> producer(TestStores stores) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", stores.endpoints().kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer());
    }

    private static ConsumerRecord<String, String> only(List<ConsumerRecord<String, String>> records, String value) {
        List<ConsumerRecord<String, String>> matching = records.stream().filter(r -> value.equals(r.value())).toList();
        assertThat(matching).as("dead letters with " + value).hasSize(1);
        return matching.getFirst();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * This class's database on one shard server refuses every connection, and the ones open are cut: to the
     * service, that shard is down. Closing it brings the shard back.
     */
    private static final class Outage implements AutoCloseable {

        private final Endpoints.Postgres server;
        private final String database;

        Outage(TestStores stores, String shardName) throws SQLException {
            this.server = stores.endpoints().postgres().get(Integer.parseInt(shardName.substring("shard-".length())));
            this.database = stores.database();
            admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS false",
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'");
        }

        @Override
        public void close() throws SQLException {
            admin("ALTER DATABASE \"" + database + "\" ALLOW_CONNECTIONS true");
        }

        private void admin(String... statements) throws SQLException {
            try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), server.username(), server.password());
                 Statement statement = connection.createStatement()) {
                for (String sql : statements) {
                    statement.execute(sql);
                }
            }
        }
    }
}
