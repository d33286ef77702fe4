package dev.photofeed.gateway.edge;

import dev.photofeed.common.auth.TokenVerifier;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.OptionalLong;

/**
 * Checks a bearer token at the edge, so a forged, expired or foreign one costs no service any work: 401
 * here. A request without a token passes (public reads stay public; the services demand a token where one
 * is needed, and check it again, so bypassing the gateway gains nothing). The verified user is left in
 * {@link #USER} for the rate limiter. A token seen before is answered from the verified-token cache on the
 * event loop; only a new one pays for the signature check, on a worker thread.
 */
@Component
public class TokenGate implements GlobalFilter, Ordered {

    /** Exchange attribute: the id of the user a valid token names. */
    public static final String USER = "photofeed.user";

    private final TokenVerifier tokens;

    TokenGate(TokenVerifier tokens) {
        this.tokens = tokens;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50;
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
        String token = header.substring(7).trim();
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

    private static Mono<Void> pass(ServerWebExchange exchange, GatewayFilterChain chain, long user) {
        exchange.getAttributes().put(USER, user);
        return chain.filter(exchange);
    }
}
