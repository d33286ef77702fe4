package dev.photofeed.gateway;

import com.sun.net.httpserver.HttpExchange;
import dev.photofeed.testsupport.StubServer;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the services behind the gateway: answers 200 to anything (after 3 s for a path ending in
 * /slow; with 5 KB of JSON for one ending in /big; {@code /api/auth/token} with {@code Cache-Control: no-store},
 * as user-service answers it) and remembers every raw path it was sent, so a test can
 * see what got through the edge. (The stores the gateway uses are real.)
 */
public final class StubUpstream implements AutoCloseable {

    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final StubServer server = new StubServer(this::answer);

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        paths.add(path);
        if (path.endsWith("/slow")) {
            try {
                Thread.sleep(3_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (path.endsWith("/stalled")) { // the headers and half the body, then nothing for 3 s
            byte[] body = "{\"items\":[1,2,3,4,5,6,7,8,9]}".getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body, 0, body.length / 2);
            exchange.getResponseBody().flush();
            try {
                Thread.sleep(3_000);
                exchange.getResponseBody().write(body, body.length / 2, body.length - body.length / 2);
            } catch (InterruptedException | IOException gone) {
                // the gateway hung up: what the test wants
            }
            exchange.close();
            return;
        }
        if (path.equals("/api/auth/token")) {
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
        }
        StubServer.json(exchange, 200, path.endsWith("/big") ? "{\"items\":[" + "\"abcdefgh\",".repeat(500) + "\"z\"]}" : "{}");
    }

    public String url() {
        return "http://localhost:" + server.port();
    }

    public List<String> paths() {
        return paths;
    }

    @Override
    public void close() {
        server.close();
    }
}
