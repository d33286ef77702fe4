package dev.photofeed.common.observability;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;

/**
 * {@code photofeed.observability.*}: {@code latency-buckets}, the histogram bucket bounds (SLO buckets) given
 * to the timers named in {@code histograms} (HTTP in and out, the gateway's routes), so p99 and p99.9 can be
 * computed across replicas with {@code histogram_quantile} (PHOTOFEED_OBSERVABILITY_LATENCYBUCKETS=5ms,50ms,...).
 */
@ConfigurationProperties("photofeed.observability")
public record ObservabilityProperties(List<Duration> latencyBuckets, List<String> histograms) {

    public ObservabilityProperties {
        latencyBuckets = latencyBuckets == null ? List.of(
                Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
                Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
                Duration.ofSeconds(10)) : List.copyOf(latencyBuckets);
        histograms = histograms == null
                ? List.of("http.server.requests", "http.client.requests", "spring.cloud.gateway.requests")
                : List.copyOf(histograms);
    }
}
