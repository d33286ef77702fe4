package dev.photofeed.gateway.ratelimit;

import dev.photofeed.gateway.edge.Problems;
import dev.photofeed.gateway.edge.TokenGate;
import dev.photofeed.gateway.edge.TraceHandOff;
import io.opentelemetry.context.Context;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Rate limits every {@code /api} call before it is proxied: one GCRA decision per request, keyed by route class
 * and identity (the user {@link TokenGate} verified, otherwise the client address). Allowed responses carry
 * {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi draft 11); refused ones are a 429 problem
 * detail with {@code Retry-After}, so well-behaved clients know exactly when to come back.
 */
public final class RateLimitFilter implements GlobalFilter, Ordered {

    private final FailOpenLimiter limiter;
    private final RateLimitProperties properties;

    public RateLimitFilter(FailOpenLimiter limiter, RateLimitProperties properties) {
        this.limiter = limiter;
        this.properties = properties;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 100;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String path = request.getPath().value();
        if (!properties.enabled() || !path.startsWith("/api/")) {
            return chain.filter(exchange);
        }
        RouteClass routeClass = RouteClass.of(request.getMethod(), exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
        Gcra.Policy policy = properties.policy(routeClass);
        Context trace = Context.current(); // the decision comes back on a Redis client thread, which has none
        return limiter.decide("rl:{" + routeClass.label() + ":" + identity(exchange) + "}", policy)
                .flatMap(decision -> {
                    ServerHttpResponse response = exchange.getResponse();
                    HttpHeaders headers = response.getHeaders();
                    headers.set("RateLimit-Policy", "\"%s\";q=%d;w=%d".formatted(policy.name(), policy.rate(), seconds(policy.periodMicros())));
                    headers.set("RateLimit", "\"%s\";r=%d;t=%d".formatted(policy.name(), decision.remaining(), seconds(decision.resetAfterMicros())));
                    return decision.limited() ? refuse(exchange, decision) : TraceHandOff.resumeIn(trace, chain.filter(exchange));
                });
    }

    /** The user {@link TokenGate} verified, else the address the connection came from (never a header a client can set). */
    private static String identity(ServerWebExchange exchange) {
        Long user = exchange.getAttribute(TokenGate.USER);
        if (user != null) {
            return "user:" + user;
        }
        return Optional.ofNullable(exchange.getRequest().getRemoteAddress()).map(InetSocketAddress::getAddress)
                .map(a -> "ip:" + a.getHostAddress()).orElse("ip:unknown");
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Gcra.Decision decision) {
        long retryAfter = decision.retryAfterMicros() < 0 ? seconds(decision.resetAfterMicros()) : seconds(decision.retryAfterMicros());
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        return Problems.respond(exchange, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "over the rate limit; retry after " + retryAfter + " s");
    }

    /** Whole seconds, rounded up: a client that waits this long is never early. */
    private static long seconds(long micros) {
        return Math.max(0, (micros + 999_999) / 1_000_000);
    }
}
