package dev.photofeed.gateway.edge;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import reactor.core.publisher.Mono;

/**
 * Carries the trace across the thread hop every call makes before it is routed. The tracing agent's Reactor
 * instrumentation would do it by wrapping every operator of every call, which cost the gateway more CPU than
 * routing itself; {@code ./stack} turns it off (local-stack's {@code Tracing}), so the hop is named instead: the
 * rate limiter's answer arrives on a Redis client thread, which holds no trace, and the rest of the call (the
 * routing, its client span, the upstream's server span) must still belong to the caller's trace. (A new token's
 * check runs on a worker, where the agent's executor instrumentation carries the trace; a GET retried on the next
 * instance after a refused connection starts a trace of its own.)
 */
public final class TraceHandOff {

    private TraceHandOff() {
    }

    /** {@code next}, subscribed to with {@code context} current: what it starts (a client span) joins that trace. */
    public static <T> Mono<T> resumeIn(Context context, Mono<T> next) {
        return Mono.from(subscriber -> {
            try (Scope ignored = context.makeCurrent()) {
                next.subscribe(subscriber);
            }
        });
    }
}
