package dev.photofeed.gateway.edge;

import dev.photofeed.common.auth.TokenVerifier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.OptionalLong;

/**
 * Checks a bearer token at the edge, so a forged, expired or foreign one costs no service any work: 401
 * here. A request without a token passes (public reads stay public; the services demand a token where one
 * is needed, and check it again, so bypassing the gateway gains nothing). The rate limiter runs first, so an
 * unknown token is limited by address before its signature is checked; the verified user is left in
 * {@link #USER} for the limiter's decision by user. A token seen before is answered from the verified-token cache on the
 * event loop (by the limiter, which then names the user here, so the cache is asked once a call); only a new one
 * pays for the signature check, on a worker thread.
 */
@Component
public class TokenGate implements GlobalFilter, Ordered {

    /** Exchange attribute: the id of the user a valid token names. */
    public static final String USER = "photofeed.user";
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 50;

    private final TokenVerifier tokens;

    TokenGate(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return chain.filter(exchange);
        }
        if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Problems.respond(exchange, HttpStatus.UNAUTHORIZED, "invalid-token", "only Bearer tokens are accepted");
        }
        if (exchange.getAttribute(USER) != null) {
            return chain.filter(exchange); // the rate limiter found this token in the verified-token cache
        }
        String token = bearerToken(exchange.getRequest());
        OptionalLong known = tokens.knownUserId(token);
        if (known.isPresent()) {
            return pass(exchange, chain, known.getAsLong());
        }
        // verification may fetch the key set (blocking I/O), so it runs off the event loop
        return Mono.fromCallable(() -> tokens.verify(token))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(user -> user.isPresent() ? pass(exchange, chain, user.getAsLong())
                        : Problems.respond(exchange, HttpStatus.UNAUTHORIZED, "invalid-token", "the access token is malformed, forged or expired"))
                .onErrorResume(TokenVerifier.KeysUnavailable.class,
                        e -> {
                            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                            return Problems.respond(exchange, HttpStatus.SERVICE_UNAVAILABLE, "auth-unavailable", "tokens cannot be checked right now");
                        });
    }

    /** The bearer token of a call, or null when it has none (or another kind of credential, which is refused here). */
    public static String bearerToken(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
    }

    private static Mono<Void> pass(ServerWebExchange exchange, GatewayFilterChain chain, long user) {
        exchange.getAttributes().put(USER, user);
        return chain.filter(exchange);
    }
}
