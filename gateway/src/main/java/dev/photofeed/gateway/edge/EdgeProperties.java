package dev.photofeed.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * {@code photofeed.edge.*}, read once for the edge's pieces ({@link EdgeResilience}).
 *
 * @param breakers           the switch of the per-route breakers (PHOTOFEED_EDGE_BREAKERS_ENABLED), which also turns
 *                           off the time limits, the bulkheads and the call's deadline
 * @param timeout            the time limit of a route that declares none of its own ({@code time-limit} in its
 *                           metadata, as the upload route does)
 * @param maxConcurrentCalls calls in flight to one route, the bulkhead's size
 * @param maxUploadBytes     the largest upload the edge lets through: media-service's file limit
 *                           ({@code spring.servlet.multipart.max-file-size}) plus room for the form around it
 * @param trustedProxies     the proxies whose forwarded headers name the client ({@link ClientAddress}): addresses or
 *                           networks in CIDR notation, comma-separated in PHOTOFEED_EDGE_TRUSTEDPROXIES; none by
 *                           default, so the connection's peer is the client
 */
@ConfigurationProperties("photofeed.edge")
record EdgeProperties(@DefaultValue Breakers breakers, @DefaultValue("5s") Duration timeout,
                      @DefaultValue("500") int maxConcurrentCalls, @DefaultValue("11534336") long maxUploadBytes,
                      @DefaultValue List<String> trustedProxies) {

    record Breakers(@DefaultValue("true") boolean enabled) {
    }

    boolean breakersEnabled() {
        return breakers.enabled();
    }
}
