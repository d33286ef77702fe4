package dev.photofeed.testsupport;

import dev.photofeed.localstack.Endpoints;
import dev.photofeed.localstack.ServiceProperties;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One test class's share of the servers: its own database on every shard, its own Redis database, its own
 * Kafka topic prefix and bucket, so test classes never see each other's data.
 */
public record TestStores(Endpoints endpoints, String database, int redisDatabase, String kafkaPrefix, String bucket) {

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
