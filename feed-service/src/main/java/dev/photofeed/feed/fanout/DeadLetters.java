package dev.photofeed.feed.fanout;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.feed.upstream.Upstream;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;

/**
 * What the consumers do with an event they cannot apply. A poison event (malformed, or one a peer refuses
 * with a 4xx) goes at once to {@code <topic>.dlt} with the reason in the {@value #REASON} header, and the
 * consumer carries on with the next. A peer that is down is different: the event is retried with exponential
 * backoff, without limit, holding its partition back (the lag meter shows it) rather than losing a fan-out.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetters {

    static final String REASON = "photofeed-dlt-reason";
    static final String SUFFIX = ".dlt";

    @Bean
    NewTopic photoEventsDeadLetters(KafkaNames names) {
        return names.newTopic(KafkaNames.PHOTO_EVENTS + SUFFIX);
    }

    @Bean
    NewTopic userEventsDeadLetters(KafkaNames names) {
        return names.newTopic(KafkaNames.USER_EVENTS + SUFFIX);
    }

    @Bean
    DefaultErrorHandler feedErrorHandler(KafkaOperations<Object, Object> template) {
        var recoverer = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(record.topic() + SUFFIX, -1));
        recoverer.setHeadersFunction((record, failure) -> {
            Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
            String reason = cause.getClass().getSimpleName() + ": " + cause.getMessage();
            return new RecordHeaders().add(REASON, reason.getBytes(StandardCharsets.UTF_8));
        });
        var backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(PoisonEvent.class, Upstream.Refused.class);
        return handler;
    }
}
