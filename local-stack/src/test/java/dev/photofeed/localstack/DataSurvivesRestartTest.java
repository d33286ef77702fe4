package dev.photofeed.localstack;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The stack's data folder outlives its servers: stop them all, start them again on it, find everything. */
class DataSurvivesRestartTest {

    @TempDir
    Path root;

    @Test
    void postgresRedisAndKafkaKeepTheirDataAcrossARestart() throws Exception {
        Ports ports = Ports.free(1);
        ProcessRegistry registry = new ProcessRegistry(root.resolve("run"));
        try (EmbeddedInfrastructure first = start(ports, registry)) {
            Endpoints e = first.endpoints();
            Databases.create(e.postgres().getFirst(), "kept");
            try (Connection c = connect(e)) {
                c.createStatement().execute("CREATE TABLE notes (text varchar)");
                c.createStatement().execute("INSERT INTO notes VALUES ('still here')");
            }
            RedisClient client = RedisClient.create("redis://localhost:" + e.redisPort());
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                redis.sync().set("note", "still here");
            } finally {
                client.shutdown();
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", e.kafkaBootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("kept", 1, (short) 1))).all().get();
            }
        }
        assertThat(registry.components()).as("nothing left running between the two starts").isEmpty();

        try (EmbeddedInfrastructure second = start(ports, registry)) {
            Endpoints e = second.endpoints();
            try (Connection c = connect(e)) {
                ResultSet rows = c.createStatement().executeQuery("SELECT text FROM notes");
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("still here");
            }
            RedisClient client = RedisClient.create("redis://localhost:" + e.redisPort());
            try (StatefulRedisConnection<String, String> redis = client.connect()) {
                assertThat(redis.sync().get("note")).isEqualTo("still here");
            } finally {
                client.shutdown();
            }
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", e.kafkaBootstrapServers()))) {
                assertThat(admin.listTopics().names().get()).contains("kept");
            }
        }
    }

    private EmbeddedInfrastructure start(Ports ports, ProcessRegistry registry) {
        return EmbeddedInfrastructure.start(ports, root.resolve("data"), root.resolve("logs"), registry, server -> { });
    }

    private static Connection connect(Endpoints e) throws Exception {
        Endpoints.Postgres pg = e.postgres().getFirst();
        return DriverManager.getConnection(pg.jdbcUrl("kept"), pg.username(), pg.password());
    }
}
