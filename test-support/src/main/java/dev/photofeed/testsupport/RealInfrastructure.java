package dev.photofeed.testsupport;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class against real Postgres shards, Redis, Kafka and an S3-compatible store: containers when a
 * Docker engine answers, otherwise the embedded servers {@code ./stack} uses. One set of servers per test JVM;
 * each class gets its own databases, Redis database, topic prefix and bucket.
 *
 * <p>A {@code @SpringBootTest} class gets the connection properties in its environment; any test may take a
 * {@link TestStores} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(RealInfrastructureExtension.class)
public @interface RealInfrastructure {
}
