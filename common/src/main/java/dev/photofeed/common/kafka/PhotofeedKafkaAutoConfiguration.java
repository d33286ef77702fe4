package dev.photofeed.common.kafka;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** Topic names and the Kafka health check, for services that use Spring Kafka. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
public class PhotofeedKafkaAutoConfiguration {

    @Bean
    KafkaNames kafkaNames(@Value("${photofeed.kafka.prefix:}") String prefix,
                          @Value("${photofeed.kafka.partitions:8}") int partitions,
                          @Value("${photofeed.kafka.replication-factor:1}") short replicationFactor,
                          @Value("${photofeed.kafka.event-retention-ms:-1}") long eventRetentionMs) {
        return new KafkaNames(prefix, partitions, replicationFactor, eventRetentionMs);
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin.getConfigurationProperties());
    }
}
