package dev.photofeed.common.outbox;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.outbox.*}.
 *
 * @param relayEnabled whether this replica relays
 * @param batchSize    events per shard transaction
 * @param pollInterval how often an idle relay looks for events that no commit announced (another replica's, or
 *                     one a crash left); it can be long, since this replica's own commits wake it at once
 */
@ConfigurationProperties("photofeed.outbox")
public record OutboxProperties(@DefaultValue("true") boolean relayEnabled,
                               @DefaultValue("500") int batchSize,
                               @DefaultValue("2s") Duration pollInterval) {
}
