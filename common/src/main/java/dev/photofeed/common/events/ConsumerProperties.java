package dev.photofeed.common.events;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.kafka.consumers.*}: the back-off between attempts at an event that failed for a reason that
 * may pass (a store down), doubling from the first to the most, for as long as it takes.
 *
 * @param firstBackoff the wait before the second attempt
 * @param maxBackoff   the longest wait between two attempts
 */
@ConfigurationProperties("photofeed.kafka.consumers")
public record ConsumerProperties(@DefaultValue("500ms") Duration firstBackoff, @DefaultValue("30s") Duration maxBackoff) {
}
