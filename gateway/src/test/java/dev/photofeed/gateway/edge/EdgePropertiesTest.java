package dev.photofeed.gateway.edge;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge's knobs: a missing one takes its documented default rather than a zero that refuses every call. */
class EdgePropertiesTest {

    private static EdgeProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("photofeed.edge", EdgeProperties.class);
    }

    @Test
    void nothingSetMeansTheDefaults() {
        EdgeProperties edge = bind(Map.of());
        assertThat(edge.breakersEnabled()).isTrue();
        assertThat(edge.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(edge.maxConcurrentCalls()).isEqualTo(500);
        assertThat(edge.maxUploadBytes()).isEqualTo(11_534_336L);
    }

    @Test
    void eachKnobIsSetByItsProperty() {
        EdgeProperties edge = bind(Map.of("photofeed.edge.breakers.enabled", "false", "photofeed.edge.timeout", "250ms",
                "photofeed.edge.max-upload-bytes", "1024"));
        assertThat(edge.breakersEnabled()).isFalse();
        assertThat(edge.timeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(edge.maxUploadBytes()).isEqualTo(1024);
    }
}
