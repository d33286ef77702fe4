package dev.photofeed.localstack;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * How the stack's service JVMs are traced: the OpenTelemetry agent on each, {@code service.name} per service,
 * spans to the local Zipkin, and optionally also to an OTLP endpoint (a Collector, or a test's receiver).
 * {@code sampling} is the share of new traces kept (parent-based, so a trace is kept or dropped whole).
 *
 * <p>Environment: {@code PHOTOFEED_TRACE_SAMPLING} (0 to 1, default 0.1: one trace in ten; 1 keeps every one),
 * {@code PHOTOFEED_OTLP_ENDPOINT} (for example {@code http://localhost:4318}), and the switch
 * {@code PHOTOFEED_TRACING_ENABLED=false}: no agent at all, to measure what tracing costs.
 */
public record Tracing(boolean enabled, String zipkinSpans, double sampling, Optional<String> otlpEndpoint) {

    /**
     * The agent's instrumentations for what the services use; the other ~180 stay off. Matching classes against
     * every instrumentation is most of the agent's start-up cost: this halves the extra CPU a service JVM spends
     * starting (see docs/performance.md). A library the services add later needs its name here to be traced.
     * Every JVM: context hand-offs between threads, the API bridge, log MDC, Redis and outgoing HTTP.
     */
    static final List<String> EVERY_SERVICE = List.of(
            "internal-application-logger", "internal-class-loader", "internal-lambda", "internal-reflection",
            "internal-url-class-loader", "executors", "opentelemetry-api", "opentelemetry-instrumentation-api",
            "logback-mdc", "spring-core", "spring-web", "java-http-client", "http-url-connection", "lettuce");

    /** The servlet services: Tomcat and MVC in, Postgres, Kafka and S3 out. */
    static final List<String> SERVLET = List.of(
            "tomcat", "servlet", "spring-webmvc", "jdbc", "kafka-clients", "spring-kafka", "aws-sdk");

    /**
     * The gateway: Netty in, Reactor Netty out. Not {@code reactor}: it wraps every operator of every call to carry
     * the context, which cost the gateway more CPU than its routing; the one hop that needs it is named in the
     * gateway's {@code TraceHandOff}.
     */
    static final List<String> REACTIVE = List.of("netty", "reactor-netty", "spring-webflux", "spring-cloud-gateway");

    /** The default share of traces kept: enough to find a slow call in the UI, a small cost per request. */
    static final double DEFAULT_SAMPLING = 0.1;

    /** The system property the sampling ratio travels in; {@code ./stack status} reads it back from each JVM. */
    static final String SAMPLING_PROPERTY = "-Dotel.traces.sampler.arg=";

    public static Tracing fromEnvironment(Map<String, String> env, String zipkinSpans) {
        String value = env.getOrDefault("PHOTOFEED_TRACE_SAMPLING", String.valueOf(DEFAULT_SAMPLING)).trim();
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
        boolean enabled = !"false".equalsIgnoreCase(env.getOrDefault("PHOTOFEED_TRACING_ENABLED", "true").trim());
        return new Tracing(enabled, zipkinSpans, sampling, Optional.ofNullable(otlp).filter(s -> !s.isBlank()));
    }

    /** The agent and its settings for one service's JVM; {@code reactive}: a Netty/WebFlux one (the gateway). */
    public List<String> jvmOptions(String serviceName, boolean reactive) {
        if (!enabled) {
            return List.of();
        }
        List<String> options = new ArrayList<>(List.of(
                "-javaagent:" + ServerJars.openTelemetryAgent().toAbsolutePath(),
                "-Dotel.service.name=" + serviceName,
                "-Dotel.traces.exporter=zipkin" + (otlpEndpoint.isPresent() ? ",otlp" : ""),
                "-Dotel.exporter.zipkin.endpoint=" + zipkinSpans,
                "-Dotel.traces.sampler=parentbased_traceidratio",
                SAMPLING_PROPERTY + sampling,
                "-Dotel.bsp.schedule.delay=1000", // spans reach the UI within a second (default 5 s)
                // metrics are Micrometer's (scraped at /actuator/prometheus), logs go to the console/files
                "-Dotel.metrics.exporter=none",
                "-Dotel.logs.exporter=none",
                "-Dotel.instrumentation.common.default-enabled=false"));
        Stream.concat(EVERY_SERVICE.stream(), (reactive ? REACTIVE : SERVLET).stream())
                .forEach(name -> options.add("-Dotel.instrumentation." + name + ".enabled=true"));
        otlpEndpoint.ifPresent(endpoint -> options.add("-Dotel.exporter.otlp.endpoint=" + endpoint));
        return options;
    }

    /** The sampling a running JVM was started with, as a percentage, read from its command line. */
    static Optional<String> samplingOf(ProcessHandle process) {
        return process.info().arguments().flatMap(args -> java.util.Arrays.stream(args)
                        .filter(a -> a.startsWith(SAMPLING_PROPERTY)).findFirst())
                .map(a -> percent(Double.parseDouble(a.substring(SAMPLING_PROPERTY.length()))));
    }

    /** For the ready table: the share sampled, or that tracing is off. */
    String describe() {
        return enabled ? percent(sampling) + " sampled" : "tracing off (PHOTOFEED_TRACING_ENABLED=false)";
    }

    static String percent(double ratio) {
        return String.format(java.util.Locale.ROOT, "%.4g", ratio * 100).replaceAll("\\.?0+$", "") + "%";
    }
}
