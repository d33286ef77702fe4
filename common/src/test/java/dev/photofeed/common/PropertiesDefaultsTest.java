package dev.photofeed.common;

import dev.photofeed.common.auth.TokenVerificationProperties;
import dev.photofeed.common.kafka.PhotofeedKafkaProperties;
import dev.photofeed.common.observability.ObservabilityProperties;
import dev.photofeed.common.shard.ShardingProperties;
import dev.photofeed.testsupport.TestTokens;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The @DefaultValue of a record component is text that the binder converts: nothing set must still give a
 * usable record (an empty list, an empty string, a nested record), and a property set must win over it.
 */
class PropertiesDefaultsTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    @Test
    void nothingSetStillBindsEveryComponent() {
        ShardingProperties shards = bind("photofeed.shards", ShardingProperties.class, Map.of());
        assertThat(shards.physical()).isEmpty();
        assertThat(shards.password()).isEmpty();
        assertThat(shards.username()).isEqualTo("postgres");

        PhotofeedKafkaProperties kafka = bind("photofeed.kafka", PhotofeedKafkaProperties.class, Map.of());
        assertThat(kafka.prefix()).isEmpty();
        assertThat(kafka.eventRetentionMs()).isEqualTo(-1);

        TokenVerificationProperties auth = bind("photofeed.auth", TokenVerificationProperties.class, Map.of());
        assertThat(auth.jwksUrl()).isEqualTo(URI.create("http://localhost:8081/internal/jwks.json"));
        assertThat(auth.tokenCache().enabled()).isTrue();

        ObservabilityProperties observability = bind("photofeed.observability", ObservabilityProperties.class, Map.of());
        assertThat(observability.latencyBuckets()).hasSize(13).contains(Duration.ofMillis(2500));
        assertThat(observability.histograms()).contains("http.server.requests");
    }

    @Test
    void theAudienceDefaultsToTheOneTestTokensCarryAndIsSetPerDeployment() {
        assertThat(bind("photofeed.auth", TokenVerificationProperties.class, Map.of()).audience())
                .isEqualTo(TestTokens.AUDIENCE);
        assertThat(bind("photofeed.auth", TokenVerificationProperties.class,
                Map.of("photofeed.auth.audience", "photofeed-staging")).audience()).isEqualTo("photofeed-staging");
    }

    @Test
    void aPropertySetWinsOverItsDefault() {
        TokenVerificationProperties auth = bind("photofeed.auth", TokenVerificationProperties.class,
                Map.of("photofeed.auth.token-cache.enabled", "false", "photofeed.auth.issuer", "elsewhere"));
        assertThat(auth.tokenCache().enabled()).isFalse();
        assertThat(auth.tokenCache().maxTokens()).isPositive();
        assertThat(auth.issuer()).isEqualTo("elsewhere");

        ShardingProperties shards = bind("photofeed.shards", ShardingProperties.class,
                Map.of("photofeed.shards.physical[0].name", "shard-0", "photofeed.shards.physical[0].url", "jdbc:postgresql://h/db"));
        assertThat(shards.physical()).containsExactly(new ShardingProperties.Physical("shard-0", "jdbc:postgresql://h/db"));
    }
}
