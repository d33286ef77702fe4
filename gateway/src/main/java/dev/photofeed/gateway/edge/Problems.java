package dev.photofeed.gateway.edge;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/** Answers at the edge as the services do: an RFC 9457 problem detail with a stable type. */
public final class Problems {

    private Problems() {
    }

    public static Mono<Void> respond(ServerWebExchange exchange, HttpStatus status, String type, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        byte[] body = """
                {"type":"https://photofeed.dev/problems/%s","title":"%s","status":%d,"detail":"%s","instance":"%s"}"""
                .formatted(type, status.getReasonPhrase(), status.value(), detail, json(exchange.getRequest().getPath().value()))
                .getBytes(StandardCharsets.UTF_8);
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
