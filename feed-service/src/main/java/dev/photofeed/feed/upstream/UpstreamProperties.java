package dev.photofeed.feed.upstream;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;
import java.util.List;

/**
 * Where the peers are ({@code photofeed.upstream.*}): each one's instances, comma-separated, the shape the gateway
 * binds under the same prefix; the defaults are in application.yml. How long one call may take is
 * {@code photofeed.feed.peer-timeout}; the breaker and the retries around it are Resilience4j's
 * ({@code resilience4j.*.configs.upstream} in application.yml).
 */
@ConfigurationProperties("photofeed.upstream")
public record UpstreamProperties(List<URI> userService, List<URI> mediaService) {
}
