package dev.photofeed.common.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;

/** Topic names and the Kafka health check, for services that use Spring Kafka. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaAdmin.class)
@EnableConfigurationProperties(PhotofeedKafkaProperties.class)
public class PhotofeedKafkaAutoConfiguration {

    @Bean
    KafkaNames kafkaNames(PhotofeedKafkaProperties kafka) {
        return new KafkaNames(kafka.prefix(), kafka.partitions(), kafka.replicationFactor(), kafka.eventRetentionMs());
    }

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin.getConfigurationProperties());
    }
}
