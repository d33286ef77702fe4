package dev.photofeed.gateway.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import dev.photofeed.gateway.routing.RouteMetadata;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A deadline for the whole call, twice its route's time limit. The route's breaker (EdgeResilience) ends a call
 * whose service has not answered, but it stops counting once the response's headers arrive, and the filters
 * before it (TokenGate, RateLimitFilter) are outside it. Past the deadline a response not yet begun is a 504
 * problem and one still streaming is cut off, so the client sees an answer or a closed connection, never a
 * hang. Off with the breakers ({@code photofeed.edge.breakers.enabled}), whose point then is waiting.
 */
@Component
class ExchangeDeadline implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(ExchangeDeadline.class);

    private final EdgeProperties edge;

    ExchangeDeadline(EdgeProperties edge) {
        this.edge = edge;
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE; // outside every other filter, the response's writing included
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!edge.breakersEnabled()) {
            return chain.filter(exchange);
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String routeId = route == null ? "?" : route.getId();
        Duration limit = (route == null ? edge.timeout() : RouteMetadata.timeLimit(route).orElse(edge.timeout())).multipliedBy(2);
        return chain.filter(exchange).timeout(limit, Mono.defer(() -> {
            log.warn("route {}: no complete answer after {}, the call's deadline", routeId, limit);
            if (exchange.getResponse().isCommitted()) {
                return Mono.error(new TimeoutException("the response was still streaming at the call's deadline"));
            }
            return Problems.respond(exchange, HttpStatus.GATEWAY_TIMEOUT, "deadline-exceeded",
                    "no answer within the call's deadline of " + limit.toMillis() + " ms");
        }));
    }
}
