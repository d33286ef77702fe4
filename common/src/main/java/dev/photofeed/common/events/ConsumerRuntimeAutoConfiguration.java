package dev.photofeed.common.events;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.kafka.PhotofeedKafkaAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * The consumer runtime every {@code @KafkaListener} runs on (Spring Boot hands this error handler to its listener
 * container factory). An event that fails is never skipped:
 * <ul>
 * <li>poison ({@link PoisonEvent}: malformed, a required field missing; or a service's {@link NotRetryable}) goes
 * at once to {@code <topic>.dlt}, with the reason in the {@value #REASON} header beside Spring Kafka's
 * {@code kafka_dlt-original-*} headers, and the partition moves on; {@code ./stack dead-letters} lists and
 * re-drives them;</li>
 * <li>anything else (a shard, Redis or a peer down) is retried with exponential back-off and no give-up, holding
 * its partition back (the lag shows it) rather than losing the event; once the store is back it is applied.</li>
 * </ul>
 * Spring Kafka's default instead tries ten times in a row and then logs and skips the record: a 20 s shard
 * outage would drop it for good. Meters, per topic: {@code photofeed.events.failures} (failed attempts;
 * a count that keeps rising is a partition held back) and {@code photofeed.events.dead.letters}.
 */
@AutoConfiguration(after = PhotofeedKafkaAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({DefaultErrorHandler.class, MeterRegistry.class})
@ConditionalOnBean({KafkaOperations.class, KafkaAdmin.class, KafkaNames.class})
@EnableConfigurationProperties(ConsumerProperties.class)
public class ConsumerRuntimeAutoConfiguration {

    public static final String REASON = "photofeed-dlt-reason";

    /** The dead-letter topics of the topics the services consume, created at start when missing. */
    @Bean
    KafkaAdmin.NewTopics deadLetterTopics(KafkaNames names) {
        return new KafkaAdmin.NewTopics(KafkaNames.EVENT_TOPICS.stream()
                .map(topic -> names.newTopic(KafkaNames.deadLetters(topic))).toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler eventErrorHandler(KafkaOperations<?, ?> template, ConsumerProperties settings,
                                          ObjectProvider<NotRetryable> notRetryable, ObjectProvider<MeterRegistry> meters) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(KafkaNames.deadLetters(record.topic()), -1));
        recoverer.setHeadersFunction((record, failure) -> {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
            String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return new RecordHeaders().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        });
        var backOff = new ExponentialBackOff(settings.firstBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(settings.maxBackoff().toMillis()); // no max elapsed time or attempts: never gives up
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonEvent.class);
        notRetryable.forEach(types -> types.types().forEach(type -> handler.addNotRetryableExceptions(type)));
        meters.ifAvailable(registry -> handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int attempt) {
                registry.counter("photofeed.events.failures", "topic", record.topic()).increment();
            }

            @Override
            public void recovered(ConsumerRecord<?, ?> record, Exception failure) {
                registry.counter("photofeed.events.dead.letters", "topic", record.topic()).increment();
            }
        }));
        return handler;
    }
}
