package dev.photofeed.testsupport;

import dev.photofeed.localstack.Endpoints;
import dev.photofeed.localstack.ServiceProperties;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One test class's share of the servers: its own database on every shard, its own Redis database, its own
 * Kafka topic prefix and bucket, so test classes never see each other's data.
 */
public record TestStores(Endpoints endpoints, String database, int redisDatabase, String kafkaPrefix, String bucket) {

    /** Every record on a topic (its full name), from its first offset to its end as of this call. */
    public List<ConsumerRecord<String, String>> records(String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers", endpoints.kafkaBootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    public String jdbcUrl(int shard) {
        return endpoints.postgres().get(shard).jdbcUrl(database);
    }

    public int shards() {
        return endpoints.postgres().size();
    }

    /** The properties a service binds to use these stores (see {@link ServiceProperties}). */
    public Map<String, String> serviceProperties() {
        Map<String, String> properties = new LinkedHashMap<>(ServiceProperties.shards(endpoints.postgres(), database));
        properties.putAll(ServiceProperties.redis(endpoints, redisDatabase));
        properties.putAll(ServiceProperties.kafka(endpoints, kafkaPrefix));
        properties.putAll(ServiceProperties.objectStore(endpoints, bucket));
        return properties;
    }
}
