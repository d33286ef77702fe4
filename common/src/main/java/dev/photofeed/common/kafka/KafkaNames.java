package dev.photofeed.common.kafka;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.kafka.config.TopicBuilder;

import java.util.List;

/**
 * Topic and consumer-group names, with {@code photofeed.kafka.prefix} in front so that several stacks (or
 * test classes) can share one broker without seeing each other's events; and the shape of the topics a
 * service owns ({@code photofeed.kafka.partitions}, {@code photofeed.kafka.replication-factor}).
 */
public record KafkaNames(String prefix, int partitions, short replicationFactor) {

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
}
