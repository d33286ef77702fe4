package dev.photofeed.gateway.edge;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Only plain public paths get through the edge. The gateway forwards a path as it came, and a service
 * behind it decodes and normalises it: {@code /api/photos/%2e%2e/%2e%2e/internal/...} would match the
 * photos route here and arrive as {@code /internal/...} there. So any path with a dot segment, an encoded
 * dot, slash or backslash, an empty segment, a matrix parameter or a control character is answered 404,
 * as if it named nothing, before any route is looked at.
 */
@Component
class EdgePathGuard implements GlobalFilter, Ordered {

    private static final Pattern SUSPICIOUS = Pattern.compile(
            "(^|/)\\.{1,2}(/|$)|%2e|%2f|%5c|\\\\|//|;|%00|[\\x00-\\x1f\\x7f]");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String raw = exchange.getRequest().getURI().getRawPath();
        if (raw != null && SUSPICIOUS.matcher(raw.toLowerCase(Locale.ROOT)).find()) {
            return Problems.respond(exchange, HttpStatus.NOT_FOUND, "not-found", "no such resource");
        }
        return chain.filter(exchange);
    }
}
