package dev.photofeed.testsupport;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

import dev.photofeed.localstack.Endpoints;
import dev.photofeed.localstack.Infrastructure;
import dev.photofeed.localstack.ObjectStore;
import dev.photofeed.localstack.PostgresServer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** The same real servers as containers, for machines where a Docker engine answers (Testcontainers). */
public final class ContainerInfrastructure implements Infrastructure {

    private static final String PASSWORD = "photofeed";

    private final List<Startable> containers;
    private final Endpoints endpoints;

    private ContainerInfrastructure(List<Startable> containers, Endpoints endpoints) {
        this.containers = containers;
        this.endpoints = endpoints;
    }

    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError noDocker) {
            return false;
        }
    }

    public static ContainerInfrastructure start(int shards) {
        List<PostgreSQLContainer> postgres = IntStream.range(0, shards)
                .mapToObj(i -> new PostgreSQLContainer(DockerImageName.parse("postgres:17-alpine"))
                        .withUsername(PostgresServer.USER).withPassword(PASSWORD)
                        .withCommand("postgres", "-c", "max_connections=400"))
                .toList();
        GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("apache/kafka:4.1.1"));
        MinIOContainer minio = new MinIOContainer(DockerImageName.parse("minio/minio:RELEASE.2025-09-07T16-13-09Z"))
                .withUserName(ObjectStore.ACCESS_KEY).withPassword(ObjectStore.SECRET_KEY);

        List<Startable> containers = new ArrayList<>(postgres);
        containers.addAll(List.of(redis, kafka, minio));
        containers.parallelStream().forEach(Startable::start);
        Endpoints endpoints = new Endpoints(
                postgres.stream().map(p -> new Endpoints.Postgres(p.getHost(), p.getFirstMappedPort(), p.getUsername(), p.getPassword())).toList(),
                redis.getHost(), redis.getFirstMappedPort(), kafka.getBootstrapServers(),
                minio.getS3URL(), minio.getUserName(), minio.getPassword());
        return new ContainerInfrastructure(containers, endpoints);
    }

    @Override
    public Endpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        containers.parallelStream().forEach(Startable::stop);
    }
}
