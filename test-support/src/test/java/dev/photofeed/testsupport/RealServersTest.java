package dev.photofeed.testsupport;

import dev.photofeed.localstack.Endpoints;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The servers the extension provides are the real thing: each one is used through its own client. */
@RealInfrastructure
class RealServersTest {

    @Test
    void shardsAreSeparatePostgresServers(TestStores stores) throws Exception {
        assertThat(stores.shards()).isEqualTo(2);
        for (int shard = 0; shard < stores.shards(); shard++) {
            try (Connection c = connect(stores, shard)) {
                c.createStatement().execute("CREATE TABLE marks (shard int)");
                c.createStatement().execute("INSERT INTO marks VALUES (" + shard + ")");
                ResultSet version = c.createStatement().executeQuery("SELECT version()");
                version.next();
                assertThat(version.getString(1)).startsWith("PostgreSQL");
            }
        }
        for (int shard = 0; shard < stores.shards(); shard++) {
            try (Connection c = connect(stores, shard)) {
                ResultSet rows = c.createStatement().executeQuery("SELECT shard FROM marks");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getInt(1)).as("each shard holds only its own row").isEqualTo(shard);
                assertThat(rows.next()).isFalse();
            }
        }
    }

    @Test
    void redisStoresAndAnswers(TestStores stores) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost(stores.endpoints().redisHost())
                .withPort(stores.endpoints().redisPort()).withDatabase(stores.redisDatabase()).build());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().zadd("timeline", 2.0, "b");
            redis.sync().zadd("timeline", 1.0, "a");
            assertThat(redis.sync().zrevrange("timeline", 0, -1)).containsExactly("b", "a");
        } finally {
            client.shutdown();
        }
    }

    @Test
    void kafkaDeliversWhatWasProduced(TestStores stores) throws Exception {
        String bootstrap = stores.endpoints().kafkaBootstrapServers();
        String topic = stores.kafkaPrefix() + "round-trip";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap,
                "acks", "all", "enable.idempotence", true), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "owner-1", "posted")).get();
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", stores.kafkaPrefix() + "test", "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            // each poll waits up to 500 ms by itself; in this thread, as a consumer is not to be shared
            ConsumerRecords<String, String> records = await().atMost(Duration.ofSeconds(30))
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
                    .until(() -> consumer.poll(Duration.ofMillis(500)), polled -> !polled.isEmpty());
            assertThat(records.count()).isEqualTo(1);
            assertThat(records.iterator().next().value()).isEqualTo("posted");
        }
    }

    @Test
    void objectStoreKeepsBytesUnderSignedRequests(TestStores stores) {
        Endpoints e = stores.endpoints();
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(e.s3Endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(e.s3AccessKey(), e.s3SecretKey())))
                .build()) {
            s3.createBucket(b -> b.bucket(stores.bucket()));
            s3.putObject(b -> b.bucket(stores.bucket()).key("photo"), RequestBody.fromBytes(new byte[]{1, 2, 3}));
            assertThat(s3.getObjectAsBytes(b -> b.bucket(stores.bucket()).key("photo")).asByteArray()).containsExactly(1, 2, 3);
        }
    }

    private static Connection connect(TestStores stores, int shard) throws Exception {
        Endpoints.Postgres server = stores.endpoints().postgres().get(shard);
        return DriverManager.getConnection(stores.jdbcUrl(shard), server.username(), server.password());
    }
}
