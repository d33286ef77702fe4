package dev.photofeed.gateway.edge;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.edge.*}, read once for the edge's pieces: the breakers' switch (PHOTOFEED_EDGE_BREAKERS_ENABLED),
 * which also turns off the time limits, the bulkheads and the call's deadline; the time limit of a route that
 * declares none of its own ({@code time-limit} in its metadata); the bulkhead's size; and the largest upload the
 * edge lets through.
 */
@ConfigurationProperties("photofeed.edge")
record EdgeProperties(@DefaultValue Breakers breakers, @DefaultValue("5s") Duration timeout,
                      @DefaultValue("500") int maxConcurrentCalls, @DefaultValue("11534336") long maxUploadBytes) {

    record Breakers(@DefaultValue("true") boolean enabled) {
    }

    boolean breakersEnabled() {
        return breakers.enabled();
    }
}
