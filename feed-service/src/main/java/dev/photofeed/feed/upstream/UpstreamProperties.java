package dev.photofeed.feed.upstream;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.net.URI;
import java.time.Duration;

/**
 * Where the peers are and how patiently they are called ({@code photofeed.upstream.*}); ./stack and the
 * gateway use the same two URL properties.
 */
@ConfigurationProperties("photofeed.upstream")
public record UpstreamProperties(@DefaultValue("http://localhost:8081") URI userService,
                               @DefaultValue("http://localhost:8082") URI mediaService,
                               @DefaultValue("1s") Duration timeout,
                               @DefaultValue("3") int attempts,
                               @DefaultValue("100ms") Duration firstBackoff,
                               @DefaultValue("5s") Duration breakerOpenFor) {
}
