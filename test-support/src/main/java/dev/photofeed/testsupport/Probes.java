package dev.photofeed.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads a running service's Actuator probes, as a load balancer or kubelet would. */
public final class Probes {

    private Probes() {
    }

    public static HttpResponse<String> readiness(int port) throws IOException, InterruptedException {
        return get(port, "/actuator/health/readiness");
    }

    /** The whole health endpoint: every store's state in its details. */
    public static HttpResponse<String> health(int port) throws IOException, InterruptedException {
        return get(port, "/actuator/health");
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }
}
