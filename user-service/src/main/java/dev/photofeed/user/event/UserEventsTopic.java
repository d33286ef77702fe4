package dev.photofeed.user.event;

import dev.photofeed.common.kafka.KafkaNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** user-service owns {@code user-events}: keyed by user id, so one user's events stay in order. */
@Configuration(proxyBeanMethods = false)
class UserEventsTopic {

    @Bean
    NewTopic userEvents(KafkaNames names) {
        return names.newEventTopic(KafkaNames.USER_EVENTS);
    }
}
