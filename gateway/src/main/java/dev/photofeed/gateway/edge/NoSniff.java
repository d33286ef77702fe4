package dev.photofeed.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * {@code X-Content-Type-Options: nosniff} on every response the gateway sends: proxied ones (whatever a service
 * sent), the edge's own problems (401, 404, 429, 503) and Actuator's. A web filter, not a route filter, so the
 * answers no route reaches carry it too; set as the response commits, so nothing upstream can drop it.
 */
@Component
class NoSniff implements WebFilter, Ordered {

    static final String HEADER = "X-Content-Type-Options";

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpResponse response = exchange.getResponse();
        response.beforeCommit(() -> {
            response.getHeaders().set(HEADER, "nosniff");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
