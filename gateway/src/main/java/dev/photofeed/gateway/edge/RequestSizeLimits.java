package dev.photofeed.gateway.edge;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * The edge's limits on a request's line and headers, answered as problem details (414, 431) like every other
 * refusal. Netty would refuse past its own limits with a bare status and no body, so those are set higher
 * ({@code server.netty.max-initial-line-length}, {@code server.max-http-request-header-size}: 64 KB) and the
 * limits that matter are here, Netty's defaults: a URI of at most 4 KiB, headers of at most 8 KiB together.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimits implements WebFilter {

    static final int MAX_URI_BYTES = 4 * 1024;
    static final int MAX_HEADER_BYTES = 8 * 1024;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (request.getURI().getRawPath().length() + rawQueryLength(request) > MAX_URI_BYTES) {
            return Problems.respond(exchange, HttpStatus.URI_TOO_LONG, "uri-too-long",
                    "the request's path and query are at most " + MAX_URI_BYTES + " bytes");
        }
        if (headerBytes(request.getHeaders()) > MAX_HEADER_BYTES) {
            return Problems.respond(exchange, HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                    "the request's headers are at most " + MAX_HEADER_BYTES + " bytes together");
        }
        return chain.filter(exchange);
    }

    private static int rawQueryLength(ServerHttpRequest request) {
        String query = request.getURI().getRawQuery();
        return query == null ? 0 : query.length() + 1;
    }

    /** As they came on the wire: {@code name: value\r\n} each. */
    private static int headerBytes(HttpHeaders headers) {
        int bytes = 0;
        for (Map.Entry<String, List<String>> header : headers.headerSet()) {
            for (String value : header.getValue()) {
                bytes += header.getKey().length() + value.length() + 4;
            }
        }
        return bytes;
    }
}
