package dev.photofeed.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The local trace UI: Zipkin's server jar from Maven Central, keeping spans in memory. The services' agents
 * send to {@link #spansEndpoint()}; a person opens {@link #ui()}. (Zipkin takes no OTLP: the agents export
 * in Zipkin's own format.)
 */
public final class ZipkinServer extends ChildServer {

    public ZipkinServer(int port, Path dir, Path log, ProcessRegistry registry) {
        super(Component.ZIPKIN.id(), port, dir, log, registry);
    }

    public String spansEndpoint() {
        return "http://localhost:" + port() + "/api/v2/spans";
    }

    public static String ui(int port) {
        return "http://localhost:" + port + "/zipkin/";
    }

    @Override
    public void start() {
        launch(List.of(Java.executable(), "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                        "-jar", ServerJars.zipkin().toString()),
                // in-memory storage, bounded so that it fits the heap: 200,000 spans overflowed a 256 MB heap after
                // one bench, and Zipkin's garbage collector then took a whole core for as long as the stack ran
                Map.of("QUERY_PORT", String.valueOf(port()), "STORAGE_TYPE", "mem", "MEM_MAX_SPANS", "50000"),
                Duration.ofSeconds(180), () -> healthy(port()));
    }

    static boolean healthy(int port) {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200;
        } catch (java.io.IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
