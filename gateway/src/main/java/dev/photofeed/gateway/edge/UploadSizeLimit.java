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
 * streamed through: 413 from its Content-Length alone. An upload without a Content-Length (chunked) is 411:
 * its size is known only once it has been streamed through, which is what the edge limit is there to
 * prevent. Browsers and HTTP clients declare the length of a form they send; S3's PutObject asks the same.
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
        if (!HttpMethod.POST.equals(exchange.getRequest().getMethod()) || !exchange.getRequest().getPath().value().equals("/api/photos")) {
            return chain.filter(exchange);
        }
        long declared = exchange.getRequest().getHeaders().getContentLength();
        if (declared < 0) {
            return Problems.respond(exchange, HttpStatus.LENGTH_REQUIRED, "length-required",
                    "an upload must declare its Content-Length (chunked uploads are not taken)");
        }
        if (declared > maxBytes) {
            return Problems.respond(exchange, HttpStatus.CONTENT_TOO_LARGE, "content-too-large",
                    "an upload is at most " + maxBytes + " bytes with its form");
        }
        return chain.filter(exchange);
    }
}
