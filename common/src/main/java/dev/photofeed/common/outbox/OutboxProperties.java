package dev.photofeed.common.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.outbox.*}: {@code relay-enabled} (whether this replica relays; default true),
 * {@code batch-size} (events per shard transaction, 500) and {@code poll-interval} (how often an idle relay
 * looks for events that no commit announced: another replica's, or one a crash left; 2 s, since this replica's
 * own commits wake it at once).
 */
@ConfigurationProperties("photofeed.outbox")
public record OutboxProperties(Boolean relayEnabled, Integer batchSize, Duration pollInterval) {

    public OutboxProperties {
        relayEnabled = relayEnabled == null || relayEnabled;
        batchSize = batchSize == null ? 500 : batchSize;
        pollInterval = pollInterval == null ? Duration.ofSeconds(2) : pollInterval;
    }
}
