package dev.photofeed.common.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code photofeed.observability.*}: histogram buckets for the timers that need them, so p99 and p99.9 can be
 * computed across replicas with {@code histogram_quantile}.
 *
 * @param latencyBuckets the histogram bucket bounds (SLO buckets), PHOTOFEED_OBSERVABILITY_LATENCYBUCKETS=5ms,50ms,...
 * @param histograms     the timers given them: HTTP in and out, the gateway's routes
 */
@ConfigurationProperties("photofeed.observability")
public record ObservabilityProperties(
        @DefaultValue({"1ms", "2ms", "5ms", "10ms", "25ms", "50ms", "100ms", "250ms", "500ms", "1s", "2500ms", "5s", "10s"})
        List<Duration> latencyBuckets,
        @DefaultValue({"http.server.requests", "http.client.requests", "spring.cloud.gateway.requests"})
        List<String> histograms) {

    public ObservabilityProperties {
        latencyBuckets = List.copyOf(latencyBuckets);
        histograms = List.copyOf(histograms);
    }
}
