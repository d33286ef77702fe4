package dev.photofeed.feed.upstream;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Calls to one peer service, each guarded as “Distributed System Design — Scaling from 1K -10K, 10K-100K, 100K-1M,
 * 1M to 100M and 10M to 1B users” asks: a timeout on every request, a circuit breaker that stops calling a peer
 * that keeps failing (and lets a probe through after a pause), and retries with exponential backoff and jitter.
 * Every call here reads (the batch POST too), so every call may be retried; a 4xx is the caller's mistake and is
 * neither retried nor counted against the peer. A peer may run as several instances: attempts take them in turn,
 * so a retry goes to the next one, as the gateway's retries do.
 */
public final class Upstream {

    /** The name of the breaker and retry configs every peer's calls take. */
    static final String PEERS = "upstream";

    private final String name;
    private final List<URI> instances;
    private final AtomicInteger turn = new AtomicInteger();
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;
    private final CircuitBreaker breaker;
    private final Retry retry;

    /**
     * The breaker and the retry of peer {@code name}, as application.yml sets them for every peer
     * ({@code resilience4j.circuitbreaker.configs.upstream}, {@code resilience4j.retry.configs.upstream}) unless an
     * instance of that name is declared there.
     */
    public Upstream(String name, List<URI> instances, HttpClient http, JsonMapper json, Duration timeout,
                    CircuitBreakerRegistry breakers, RetryRegistry retries) {
        this.name = name;
        if (instances == null || instances.isEmpty()) {
            throw new IllegalStateException("photofeed.upstream." + name + " names no instance");
        }
        this.instances = List.copyOf(instances);
        this.http = http;
        this.json = json;
        this.timeout = timeout;
        this.breaker = breakers.circuitBreaker(name, PEERS);
        this.retry = retries.retry(name, PEERS);
    }

    public JsonNode get(String path) {
        return call(path, HttpRequest.Builder::GET);
    }

    public JsonNode post(String path, Object body) {
        HttpRequest.BodyPublisher payload = HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body));
        return call(path, request -> request.header("Content-Type", "application/json").POST(payload));
    }

    private JsonNode call(String path, UnaryOperator<HttpRequest.Builder> method) {
        Supplier<JsonNode> once = () -> send(method.apply(HttpRequest.newBuilder(next().resolve(path)))
                .timeout(timeout).header("Accept", "application/json").build());
        return Retry.decorateSupplier(retry, CircuitBreaker.decorateSupplier(breaker, once)).get();
    }

    private URI next() {
        return instances.get(Math.floorMod(turn.getAndIncrement(), instances.size()));
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Unavailable(name + " " + request.uri().getPath() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable(name + " call interrupted");
        }
        int status = response.statusCode();
        if (status >= 500) {
            throw new Unavailable(name + " " + request.uri().getPath() + " answered " + status);
        }
        if (status >= 400) {
            throw new Refused(name + " " + request.uri().getPath() + " answered " + status, status);
        }
        return json.readTree(response.body());
    }

    /** The peer failed or did not answer in time: worth retrying later. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** The peer refused the request (4xx): asking again gives the same answer. */
    public static final class Refused extends RuntimeException {
        private final int status;

        Refused(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
