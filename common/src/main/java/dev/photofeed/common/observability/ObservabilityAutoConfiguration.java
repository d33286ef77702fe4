package dev.photofeed.common.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * What every service shares for metrics, so no service copies it: the USE saturation meters, latency
 * histograms with fixed buckets, and trace exemplars for the Prometheus registry (scraped at
 * {@code /actuator/prometheus}).
 */
@AutoConfiguration(beforeName = "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@EnableConfigurationProperties(ObservabilityProperties.class)
public class ObservabilityAutoConfiguration {

    @Bean
    SaturationMeters saturationMeters() {
        return new SaturationMeters();
    }

    /** {@code application="<spring.application.name>"} on every meter: the dashboards group by it. */
    @Bean
    MeterFilter applicationTag(Environment environment) {
        return MeterFilter.commonTags(Tags.of("application", environment.getProperty("spring.application.name", "unnamed")));
    }

    @Bean
    MeterFilter latencyHistograms(ObservabilityProperties settings) {
        return new LatencyHistograms(settings);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.prometheus.metrics.tracer.common.SpanContext")
    static class Exemplars {

        @Bean
        @ConditionalOnMissingBean
        io.prometheus.metrics.tracer.common.SpanContext traceExemplars() {
            return new TraceExemplars();
        }
    }
}
