package dev.photofeed.gateway.edge;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Refuses an upload that declares more bytes than media-service would take, before a byte of it is
 * streamed through: 413 from its Content-Length alone. (A body sent without a length is left to
 * media-service's own limit, which stops reading at 10 MiB.)
 */
@Component
class UploadSizeLimit implements GlobalFilter, Ordered {

    private final long maxBytes;

    UploadSizeLimit(EdgeProperties edge) {
        this.maxBytes = edge.maxUploadBytes();
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (HttpMethod.POST.equals(exchange.getRequest().getMethod()) && declared > maxBytes
                && exchange.getRequest().getPath().value().equals("/api/photos")) {
            return Problems.respond(exchange, HttpStatus.CONTENT_TOO_LARGE, "content-too-large",
                    "an upload is at most " + maxBytes + " bytes with its form");
        }
        return chain.filter(exchange);
    }
}
