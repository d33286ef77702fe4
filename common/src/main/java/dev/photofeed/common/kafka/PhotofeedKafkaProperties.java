package dev.photofeed.common.kafka;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code photofeed.kafka.*}: the names and the shape of the topics ({@link KafkaNames}).
 *
 * @param prefix            put in front of every topic and consumer group, so that several stacks (or test
 *                          classes) can share one broker without seeing each other's events
 * @param partitions        partitions of a topic this service owns
 * @param replicationFactor replicas of each of its partitions
 * @param eventRetentionMs  how long an event topic keeps its records, in milliseconds (-1: for ever)
 */
@ConfigurationProperties("photofeed.kafka")
public record PhotofeedKafkaProperties(@DefaultValue("") String prefix,
                                       @DefaultValue("8") int partitions,
                                       @DefaultValue("1") short replicationFactor,
                                       @DefaultValue("-1") long eventRetentionMs) {
}
