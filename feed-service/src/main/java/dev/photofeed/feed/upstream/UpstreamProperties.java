package dev.photofeed.feed.upstream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the peers are and how long one call to them may take ({@code photofeed.upstream.*}); ./stack and the
 * gateway use the same two URL properties. The breaker and the retries around each call are Resilience4j's
 * ({@code resilience4j.*.configs.upstream} in application.yml).
 */
@ConfigurationProperties("photofeed.upstream")
public record UpstreamProperties(@DefaultValue("http://localhost:8081") URI userService,
                               @DefaultValue("http://localhost:8082") URI mediaService,
                               @DefaultValue("1s") Duration timeout) {
}
