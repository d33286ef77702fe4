package dev.photofeed.gateway.ratelimit;

import dev.photofeed.common.auth.TokenVerifier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Rate limits every {@code /api} call before it is routed: one GCRA decision per request, keyed by route class
 * and identity (the user a valid token names, otherwise the client address). Allowed responses carry
 * {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi draft 11); refused ones are a 429 problem
 * detail with {@code Retry-After}, so well-behaved clients know exactly when to come back.
 */
public final class RateLimitFilter implements GlobalFilter, Ordered {

    private final FailOpenLimiter limiter;
    private final RateLimitProperties properties;
    private final TokenVerifier tokens;

    public RateLimitFilter(FailOpenLimiter limiter, RateLimitProperties properties, TokenVerifier tokens) {
        this.limiter = limiter;
        this.properties = properties;
        this.tokens = tokens;
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
        RouteClass routeClass = RouteClass.of(request.getMethod(), path);
        Gcra.Policy policy = properties.policy(routeClass);
        return identity(request)
                .flatMap(who -> limiter.decide("rl:{" + routeClass.label() + ":" + who + "}", policy))
                .flatMap(decision -> {
                    ServerHttpResponse response = exchange.getResponse();
                    HttpHeaders headers = response.getHeaders();
                    headers.set("RateLimit-Policy", "\"%s\";q=%d;w=%d".formatted(policy.name(), policy.rate(), seconds(policy.periodMicros())));
                    headers.set("RateLimit", "\"%s\";r=%d;t=%d".formatted(policy.name(), decision.remaining(), seconds(decision.resetAfterMicros())));
                    return decision.limited() ? refuse(exchange, decision) : chain.filter(exchange);
                });
    }

    /** The verified user, else the address the connection came from (never a header a client can set). */
    private Mono<String> identity(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        String address = Optional.ofNullable(request.getRemoteAddress()).map(InetSocketAddress::getAddress)
                .map(a -> "ip:" + a.getHostAddress()).orElse("ip:unknown");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.just(address);
        }
        // verification may fetch the key set (blocking I/O), so it runs off the event loop
        return Mono.fromCallable(() -> tokens.userId(header.substring(7).trim()))
                .subscribeOn(Schedulers.boundedElastic())
                .map(user -> user.isPresent() ? "user:" + user.getAsLong() : address)
                .onErrorReturn(address);
    }

    private static Mono<Void> refuse(ServerWebExchange exchange, Gcra.Decision decision) {
        ServerHttpResponse response = exchange.getResponse();
        long retryAfter = decision.retryAfterMicros() < 0 ? seconds(decision.resetAfterMicros()) : seconds(decision.retryAfterMicros());
        response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
        response.getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfter));
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = """
                {"type":"https://photofeed.dev/problems/rate-limited","title":"Too Many Requests","status":429,\
                "detail":"over the rate limit; retry after %d s","instance":"%s"}""".formatted(retryAfter,
                exchange.getRequest().getPath().value().replace("\\", "\\\\").replace("\"", "\\\""));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    /** Whole seconds, rounded up: a client that waits this long is never early. */
    private static long seconds(long micros) {
        return Math.max(0, (micros + 999_999) / 1_000_000);
    }
}
