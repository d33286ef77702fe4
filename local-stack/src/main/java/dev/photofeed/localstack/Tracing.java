package dev.photofeed.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the stack's service JVMs are traced: the OpenTelemetry agent on each, {@code service.name} per service,
 * spans to the local Zipkin, and optionally also to an OTLP endpoint (a Collector, or a test's receiver).
 * {@code sampling} is the share of new traces kept (parent-based, so a trace is kept or dropped whole).
 *
 * <p>Environment: {@code PHOTOFEED_TRACE_SAMPLING} (0 to 1, default 1: every request locally),
 * {@code PHOTOFEED_OTLP_ENDPOINT} (for example {@code http://localhost:4318}).
 */
public record Tracing(String zipkinSpans, double sampling, Optional<String> otlpEndpoint) {

    /** The system property the sampling ratio travels in; {@code ./stack status} reads it back from each JVM. */
    static final String SAMPLING_PROPERTY = "-Dotel.traces.sampler.arg=";

    public static Tracing fromEnvironment(Map<String, String> env, String zipkinSpans) {
        String value = env.getOrDefault("PHOTOFEED_TRACE_SAMPLING", "1").trim();
        double sampling;
        try {
            sampling = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            sampling = Double.NaN;
        }
        if (!(sampling >= 0 && sampling <= 1)) {
            throw new StackException("PHOTOFEED_TRACE_SAMPLING=" + value + " must be a ratio from 0 to 1 (1 keeps every trace)");
        }
        String otlp = env.get("PHOTOFEED_OTLP_ENDPOINT");
        return new Tracing(zipkinSpans, sampling, Optional.ofNullable(otlp).filter(s -> !s.isBlank()));
    }

    /** The agent and its settings for one service's JVM. */
    public List<String> jvmOptions(String serviceName) {
        List<String> options = new ArrayList<>(List.of(
                "-javaagent:" + ServerJars.openTelemetryAgent().toAbsolutePath(),
                "-Dotel.service.name=" + serviceName,
                "-Dotel.traces.exporter=zipkin" + (otlpEndpoint.isPresent() ? ",otlp" : ""),
                "-Dotel.exporter.zipkin.endpoint=" + zipkinSpans,
                "-Dotel.traces.sampler=parentbased_traceidratio",
                SAMPLING_PROPERTY + sampling,
                // metrics are Micrometer's (scraped at /actuator/prometheus), logs go to the console/files
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none"));
        otlpEndpoint.ifPresent(endpoint -> options.add("-Dotel.exporter.otlp.endpoint=" + endpoint));
        return options;
    }

    /** The sampling a running JVM was started with, as a percentage, read from its command line. */
    static Optional<String> samplingOf(ProcessHandle process) {
        return process.info().arguments().flatMap(args -> java.util.Arrays.stream(args)
                        .filter(a -> a.startsWith(SAMPLING_PROPERTY)).findFirst())
                .map(a -> percent(Double.parseDouble(a.substring(SAMPLING_PROPERTY.length()))));
    }

    static String percent(double ratio) {
        return String.format(java.util.Locale.ROOT, "%.4g", ratio * 100).replaceAll("\\.?0+$", "") + "%";
    }
}
