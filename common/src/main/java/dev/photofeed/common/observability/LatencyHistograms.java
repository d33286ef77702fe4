package dev.photofeed.common.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Fixed histogram buckets (SLO boundaries) on the latency timers named in the settings. Fixed bounds are the
 * same on every replica, so buckets add up across instances and {@code histogram_quantile(0.999, sum by (le)
 * (rate(..._bucket[5m])))} is a true fleet-wide p99.9; per-instance percentiles could not be combined.
 */
final class LatencyHistograms implements MeterFilter {

    private final Set<String> names;
    private final double[] bucketsNanos;

    LatencyHistograms(ObservabilityProperties settings) {
        this.names = Set.copyOf(settings.histograms());
        List<Duration> buckets = settings.latencyBuckets();
        this.bucketsNanos = buckets.stream().mapToDouble(Duration::toNanos).sorted().toArray();
    }

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER || !names.contains(id.getName())) {
            return config;
        }
        return DistributionStatisticConfig.builder().serviceLevelObjectives(bucketsNanos).build().merge(config);
    }
}
