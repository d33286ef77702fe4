package dev.photofeed.common.events;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.kafka.consumers.*}: the back-off between attempts at an event that failed for a reason that
 * may pass (a store down): {@code first-backoff} (500 ms), doubling up to {@code max-backoff} (30 s), for as
 * long as it takes.
 */
@ConfigurationProperties("photofeed.kafka.consumers")
public record ConsumerProperties(Duration firstBackoff, Duration maxBackoff) {

    public ConsumerProperties {
        firstBackoff = firstBackoff == null ? Duration.ofMillis(500) : firstBackoff;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
    }
}
