package dev.photofeed.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The binding check itself: it must let real names through and stop near misses. */
class AppConfigurationTest {

    final AppConfiguration users = AppConfiguration.of("user-service");

    @Test
    void bindsTheAppsYamlItsPropertiesClassesAndSpringBoot() {
        assertThat(users.binds("PHOTOFEED_SHARDS_PHYSICAL_3_URL")).as("any list index").isTrue();
        assertThat(users.binds("PHOTOFEED_SIGNING_KEYDIR")).as("@ConfigurationProperties prefix").isTrue();
        assertThat(users.binds("SPRING_KAFKA_BOOTSTRAPSERVERS")).as("application.yml").isTrue();
        assertThat(users.binds("SPRING_DATA_REDIS_PASSWORD")).as("Spring Boot metadata").isTrue();
        assertThat(users.binds("OTEL_SERVICE_NAME")).as("the agent's").isTrue();
    }

    @Test
    void bindsResilience4jsKeysForAnyBreaker() {
        assertThat(users.binds("RESILIENCE4J_CIRCUITBREAKER_INSTANCES_CACHEREDIS_WAITDURATIONINOPENSTATE")).as("common's shared YAML").isTrue();
        assertThat(users.binds("RESILIENCE4J_CIRCUITBREAKER_INSTANCES_ANY_SLIDINGWINDOWSIZE")).as("common's metadata, a map").isTrue();
        assertThat(AppConfiguration.of("gateway").binds("RESILIENCE4J_CIRCUITBREAKER_CONFIGS_ROUTE_WAITDURATIONINOPENSTATE")).isTrue();
        assertThat(users.binds("RESILIENCE4J_CIRCUITBREAKERS_INSTANCES_CACHEREDIS_WAITDURATIONINOPENSTATE")).isFalse();
    }

    @Test
    void rejectsNamesNoAppReads() {
        assertThat(users.binds("PHOTOFEED_SHARD_PHYSICAL_0_URL")).isFalse();
        assertThat(users.binds("SPRING_KAFKA_BOOTSTRAP_SERVERS")).isFalse();
        assertThat(users.binds("PHOTOFEED_UPSTREAM_FEEDSERVICE")).isFalse();
        assertThat(users.binds("REDIS_HOST")).isFalse();
    }
}
