package dev.photofeed.gateway;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import dev.photofeed.testsupport.ServiceConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;

import java.util.Map;

/** The gateway's breakers as its configuration declares them, for tests and benches that run without a context. */
public final class GatewaySettings {

    private GatewaySettings() {
    }

    /** The breakers application.yml declares. */
    public static CircuitBreakerRegistry breakers() {
        return ResilienceAutoConfiguration.circuitBreakers(ServiceConfiguration.binder(Map.of()));
    }
}
