package dev.photofeed.common.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

/**
 * Exemplars for the Prometheus registry: a histogram bucket carries the trace id of a request that fell into
 * it, so a latency spike on a dashboard links to the trace that shows why. The trace is the OpenTelemetry
 * agent's current span (the agent bridges this API); with no agent there is no valid span and no exemplar.
 */
final class TraceExemplars implements io.prometheus.metrics.tracer.common.SpanContext {

    @Override
    public String getCurrentTraceId() {
        SpanContext span = current();
        return span.isValid() ? span.getTraceId() : null;
    }

    @Override
    public String getCurrentSpanId() {
        SpanContext span = current();
        return span.isValid() ? span.getSpanId() : null;
    }

    @Override
    public boolean isCurrentSpanSampled() {
        return current().isSampled();
    }

    @Override
    public void markCurrentSpanAsExemplar() {
        // the agent samples whole traces already (parent-based): nothing to force
    }

    private static SpanContext current() {
        return Span.current().getSpanContext();
    }
}
