package dev.photofeed.gateway.ratelimit;

import dev.photofeed.common.auth.TokenVerifier;
import dev.photofeed.gateway.edge.ClientAddress;
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

import java.util.OptionalLong;

/**
 * Rate limits every {@code /api} call before it is proxied: one GCRA decision per request, keyed by route class
 * and identity (the user a valid token names, otherwise the client's address, {@link ClientAddress}). Allowed
 * responses carry {@code RateLimit-Policy} and {@code RateLimit} (IETF httpapi draft 11); refused ones are a 429
 * problem detail with {@code Retry-After}, so well-behaved clients know exactly when to come back.
 *
 * <p>Limit before paying: the decision comes before {@link TokenGate} checks a signature. A token the
 * verified-token cache knows names its user at once. A token it does not know (new, or forged) is first limited
 * by address under the {@code unverified} policy, so a flood of forged tokens is refused 429 without costing an
 * ES256 check each; once verified, the call is limited by its user as usual ({@link AfterTokenCheck}). With the
 * cache switched off no token is known, so none is held to the address's policy: every call pays its check, as
 * the experiment that turns the cache off means to show.
 */
public final class RateLimitFilter implements GlobalFilter, Ordered {

    /** Exchange attribute: this call has had its decision. */
    private static final String DECIDED = "photofeed.ratelimit.decided";

    private final FailOpenLimiter limiter;
    private final RateLimitProperties properties;
    private final TokenVerifier tokens;
    private final ClientAddress clients;
    private final boolean tokensCached;

    public RateLimitFilter(FailOpenLimiter limiter, RateLimitProperties properties, TokenVerifier tokens, ClientAddress clients,
                           boolean tokensCached) {
        this.limiter = limiter;
        this.properties = properties;
        this.tokens = tokens;
        this.clients = clients;
        this.tokensCached = tokensCached;
    }

    @Override
    public int getOrder() {
        return TokenGate.ORDER - 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (!properties.enabled() || !request.getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        String token = TokenGate.bearerToken(request);
        if (token == null) {
            return decide(exchange, chain, routeClass(exchange), "ip:" + clients.of(request));
        }
        OptionalLong known = tokens.knownUserId(token);
        if (known.isPresent()) {
            exchange.getAttributes().put(TokenGate.USER, known.getAsLong()); // TokenGate need not look the token up again
            return decide(exchange, chain, routeClass(exchange), "user:" + known.getAsLong());
        }
        return tokensCached ? decide(exchange, chain, RouteClass.UNVERIFIED, "ip:" + clients.of(request), false) : chain.filter(exchange);
    }

    private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, RouteClass routeClass, String identity) {
        return decide(exchange, chain, routeClass, identity, true);
    }

    private Mono<Void> decide(ServerWebExchange exchange, GatewayFilterChain chain, RouteClass routeClass, String identity,
                              boolean finalDecision) {
        Gcra.Policy policy = properties.policy(routeClass);
        Context trace = Context.current(); // the decision comes back on a Redis client thread, which has none
        return limiter.decide("rl:{" + routeClass.label() + ":" + identity + "}", policy)
                .flatMap(decision -> {
                    ServerHttpResponse response = exchange.getResponse();
                    HttpHeaders headers = response.getHeaders();
                    headers.set("RateLimit-Policy", "\"%s\";q=%d;w=%d".formatted(policy.name(), policy.rate(), seconds(policy.periodMicros())));
                    headers.set("RateLimit", "\"%s\";r=%d;t=%d".formatted(policy.name(), decision.remaining(), seconds(decision.resetAfterMicros())));
                    if (decision.limited()) {
                        return refuse(exchange, decision);
                    }
                    if (finalDecision) {
                        exchange.getAttributes().put(DECIDED, Boolean.TRUE);
                    }
                    return TraceHandOff.resumeIn(trace, chain.filter(exchange));
                });
    }

    private static RouteClass routeClass(ServerWebExchange exchange) {
        return RouteClass.of(exchange.getRequest().getMethod(), exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR));
    }

    /**
     * The user's decision for a call whose token was verified after the address's: it runs after {@link TokenGate},
     * which has named the user by then (a call it refused never gets here).
     */
    public static final class AfterTokenCheck implements GlobalFilter, Ordered {

        private final RateLimitFilter limits;

        public AfterTokenCheck(RateLimitFilter limits) {
            this.limits = limits;
        }

        @Override
        public int getOrder() {
            return TokenGate.ORDER + 10;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            Long user = exchange.getAttribute(TokenGate.USER);
            if (!limits.properties.enabled() || user == null || exchange.getAttribute(DECIDED) != null) {
                return chain.filter(exchange);
            }
            return limits.decide(exchange, chain, routeClass(exchange), "user:" + user);
        }
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
