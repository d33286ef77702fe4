package dev.photofeed.common.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Every service gets the saturation meters, fixed latency buckets and trace exemplars from common alone. */
class ObservabilityAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservabilityAutoConfiguration.class));

    @Test
    void httpTimersGetTheSameBucketsOnEveryReplica() {
        context.run(ctx -> {
            assertThat(ctx).hasSingleBean(SaturationMeters.class);
            assertThat(ctx).hasSingleBean(io.prometheus.metrics.tracer.common.SpanContext.class);
            MeterRegistry registry = new SimpleMeterRegistry();
            registry.config().meterFilter(ctx.getBean("latencyHistograms", MeterFilter.class));

            Timer http = Timer.builder("http.server.requests").register(registry);
            http.record(Duration.ofMillis(30));
            Timer other = Timer.builder("some.other.timer").register(registry);
            other.record(Duration.ofMillis(30));

            CountAtBucket[] buckets = http.takeSnapshot().histogramCounts();
            assertThat(buckets).hasSize(13);
            assertThat(Arrays.stream(buckets).filter(b -> b.count() == 1).map(b -> b.bucket(java.util.concurrent.TimeUnit.MILLISECONDS)))
                    .first().isEqualTo(50.0);
            assertThat(other.takeSnapshot().histogramCounts()).isEmpty();
        });
    }

    @Test
    void bucketsAreAKnobOverridableByProperty() {
        context.withPropertyValues("photofeed.observability.latency-buckets=10ms,100ms").run(ctx -> {
            MeterRegistry registry = new SimpleMeterRegistry();
            registry.config().meterFilter(ctx.getBean("latencyHistograms", MeterFilter.class));
            Timer http = Timer.builder("http.client.requests").register(registry);
            assertThat(http.takeSnapshot().histogramCounts()).hasSize(2);
        });
    }

    @Test
    void noTraceNoExemplar() {
        TraceExemplars exemplars = new TraceExemplars();
        assertThat(exemplars.getCurrentTraceId()).isNull();
        assertThat(exemplars.isCurrentSpanSampled()).isFalse();
    }
}
