package dev.photofeed.common.outbox;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.shard.ShardingAutoConfiguration;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;

/** The transactional outbox for sharded services that publish to Kafka. */
@AutoConfiguration(after = ShardingAutoConfiguration.class,
        afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass({KafkaProducer.class, JsonMapper.class})
@ConditionalOnBean({ShardRouter.class, JsonMapper.class})
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxWriter outboxWriter(JsonMapper json, ObjectProvider<OutboxRelay> relay) {
        return new OutboxWriter(json, () -> relay.ifAvailable(OutboxRelay::nudge));
    }

    /**
     * Idempotent ({@code enable.idempotence}: a retried send is not written twice) and {@code acks=all}
     * (acknowledged only once every in-sync replica has it), so an acknowledged event survives a broker loss.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "photofeed.outbox.relay-enabled", matchIfMissing = true)
    Producer<String, String> outboxProducer(@Value("${spring.kafka.bootstrap-servers}") List<String> bootstrap) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay"),
                new StringSerializer(), new StringSerializer());
    }

    @Bean
    @ConditionalOnClass(MeterBinder.class)
    OutboxMeters outboxMeters(ShardRouter shards) {
        return new OutboxMeters(shards);
    }

    @Bean
    @ConditionalOnProperty(name = "photofeed.outbox.relay-enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(ShardRouter shards, Producer<String, String> outboxProducer, OutboxProperties settings) {
        return new OutboxRelay(shards, outboxProducer, settings.batchSize(), settings.pollInterval());
    }
}
