package dev.photofeed.common.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.outbox.*}: {@code relay-enabled} (whether this replica relays; default true),
 * {@code batch-size} (events per shard transaction, 500) and {@code poll-interval} (how often an idle relay
 * looks for events that no commit announced, e.g. another replica's; 500 ms).
 */
@ConfigurationProperties("photofeed.outbox")
public record OutboxSettings(Boolean relayEnabled, Integer batchSize, Duration pollInterval) {

    public OutboxSettings {
        relayEnabled = relayEnabled == null || relayEnabled;
        batchSize = batchSize == null ? 500 : batchSize;
        pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
    }
}
