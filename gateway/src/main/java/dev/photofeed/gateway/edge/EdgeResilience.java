package dev.photofeed.gateway.edge;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4jBulkheadProvider;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4jBulkheadConfigurationBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import dev.photofeed.gateway.routing.RouteMetadata;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * A circuit breaker, a time limit and a bulkhead per route (dealing with failures, as “Distributed System Design —
 * Scaling from 1K -10K, 10K-100K, 100K-1M, 1M to 100M and 10M to 1B users” asks): a service that times out or
 * fails half its recent calls is not called for a while; meanwhile its routes answer at once with a 503 problem
 * and Retry-After, so neither clients nor gateway threads wait on it. Uploads get a longer limit than everything
 * else (a route's {@code time-limit}, {@link RouteMetadata}). {@code photofeed.edge.breakers.enabled=false} (PHOTOFEED_EDGE_BREAKERS_ENABLED) turns all three off, to
 * show what they buy: callers then wait on a slow service for as long as it takes.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EdgeProperties.class)
class EdgeResilience {

    private static final Duration OFF = Duration.ofDays(1);
    /** The breaker config every route takes, in application.yml. */
    static final String ROUTES = "route";

    /**
     * Each route's breaker with the settings application.yml declares for all of them
     * ({@code resilience4j.circuitbreaker.configs.route}), in the same registry as every other breaker; a call is
     * slow past {@code photofeed.edge.timeout}, the time limit of a route that declares none, so that threshold is
     * that knob's. Time limits are per route: its {@code time-limit} metadata, else {@code photofeed.edge.timeout}.
     */
    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> routeBreakers(EdgeProperties edge, GatewayProperties gateway,
                                                                         CircuitBreakerRegistry breakers) {
        Map<String, Duration> limits = timeLimitsByBreaker(gateway);
        boolean enabled = edge.breakersEnabled();
        CircuitBreakerConfig breaker = enabled ? CircuitBreakerConfig.from(breakers.getConfiguration(ROUTES).orElseThrow(() ->
                        new IllegalStateException("no resilience4j.circuitbreaker.configs." + ROUTES + " for the routes' breakers")))
                .slowCallDurationThreshold(edge.timeout())
                .build()
                // switched off: a breaker that never has enough calls to open, and no time limit worth the name
                : CircuitBreakerConfig.custom().minimumNumberOfCalls(Integer.MAX_VALUE).build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id).circuitBreakerConfig(breaker)
                .timeLimiterConfig(TimeLimiterConfig.custom().timeoutDuration(enabled ? limits.getOrDefault(id, edge.timeout()) : OFF).build()).build());
    }

    /** The time limit a route declares in its metadata, by the name of the breaker its calls go through. */
    static Map<String, Duration> timeLimitsByBreaker(GatewayProperties gateway) {
        Map<String, Duration> limits = new HashMap<>();
        for (RouteDefinition route : gateway.getRoutes()) {
            RouteMetadata.timeLimit(route).ifPresent(limit -> route.getFilters().stream()
                    .filter(filter -> filter.getName().equals("CircuitBreaker"))
                    .map(filter -> filter.getArgs().get("name"))
                    .forEach(breaker -> limits.put(breaker, limit)));
        }
        return limits;
    }

    /**
     * A bulkhead per route: at most {@code photofeed.edge.max-concurrent-calls} calls in flight to one
     * route's service from this gateway; past that a call is refused at once (503) instead of queueing. It keeps
     * one slow service from holding every connection and buffer of the gateway while the others are fine. By
     * Little's law a route meets it at rate × latency: 500 calls is 10,000 calls/s at 50 ms, or 100 calls/s to a
     * service that answers only at the 5 s time limit. (Resilience4j's own default, 25, is a thread-pool figure:
     * 32 concurrent clients already overflow it.) Off with the breakers.
     */
    @Bean
    Customizer<ReactiveResilience4jBulkheadProvider> routeBulkheads(EdgeProperties edge) {
        BulkheadConfig bulkhead = BulkheadConfig.custom()
                .maxConcurrentCalls(edge.breakersEnabled() ? edge.maxConcurrentCalls() : Integer.MAX_VALUE)
                .maxWaitDuration(Duration.ZERO)
                .build();
        return provider -> provider.configureDefault(id -> new Resilience4jBulkheadConfigurationBuilder().bulkheadConfig(bulkhead).build());
    }

    /** Where a route's breaker sends a call it will not (or could not in time) make. */
    @RestController
    static class Unavailable {

        private static final Logger log = LoggerFactory.getLogger(Unavailable.class);

        @RequestMapping("/edge/unavailable")
        Mono<Void> unavailable(ServerWebExchange exchange) {
            Throwable cause = exchange.getAttribute(ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
            String detail = switch (cause) {
                case TimeoutException ignored -> "the service did not answer in time";
                case BulkheadFullException ignored -> "too many calls to the service are in flight";
                case CallNotPermittedException ignored -> "the service is unavailable"; // its breaker is open
                case null, default -> {
                    // worth a line: these are what open a breaker (an open one or a full bulkhead says nothing new)
                    Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
                    log.warn("route {} answered 503: {}", route == null ? "?" : route.getId(), String.valueOf(cause));
                    yield "the service is unavailable";
                }
            };
            exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
            return Problems.respond(exchange, HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", detail);
        }
    }
}
