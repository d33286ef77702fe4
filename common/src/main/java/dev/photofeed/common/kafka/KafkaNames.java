package dev.photofeed.common.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.springframework.kafka.config.TopicBuilder;

import java.util.List;

/**
 * Topic and consumer-group names, with {@code photofeed.kafka.prefix} in front so that several stacks (or
 * test classes) can share one broker without seeing each other's events; and the shape of the topics a
 * service owns ({@code photofeed.kafka.partitions}, {@code photofeed.kafka.replication-factor}), and how long an
 * event topic keeps its records ({@code photofeed.kafka.event-retention-ms}).
 */
public record KafkaNames(String prefix, int partitions, short replicationFactor, long eventRetentionMs) {

    public static final String USER_EVENTS = "user-events";
    public static final String PHOTO_EVENTS = "photo-events";
    /** The topics the services consume, each with its dead-letter topic. */
    public static final List<String> EVENT_TOPICS = List.of(USER_EVENTS, PHOTO_EVENTS);

    public KafkaNames {
        prefix = prefix == null ? "" : prefix;
    }

    public String topic(String name) {
        return prefix + name;
    }

    public String group(String name) {
        return prefix + name;
    }

    /** Where a topic's poison events go: {@code <topic>.dlt}. */
    public static String deadLetters(String topic) {
        return topic + ".dlt";
    }

    /** A topic this service owns, created at start when missing. */
    public NewTopic newTopic(String name) {
        return TopicBuilder.name(topic(name)).partitions(partitions).replicas(replicationFactor).build();
    }

    /**
     * An event topic the feed is rebuilt from ({@code LogReplay} reads it from its first offset), so it keeps its
     * records for {@code eventRetentionMs}: -1, for ever, by default. Not compacted: keyed by owner or follower,
     * compaction would keep one event per key and lose every earlier post and follow.
     */
    public NewTopic newEventTopic(String name) {
        return TopicBuilder.name(topic(name)).partitions(partitions).replicas(replicationFactor)
                .config(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(eventRetentionMs)).build();
    }
}
