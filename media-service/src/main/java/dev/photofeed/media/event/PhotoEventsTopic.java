package dev.photofeed.media.event;

import dev.photofeed.common.kafka.KafkaNames;
import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** media-service owns {@code photo-events}: keyed by owner id, so one owner's posts stay in order. */
@Configuration(proxyBeanMethods = false)
class PhotoEventsTopic {

    @Bean
    NewTopic photoEvents(KafkaNames names) {
        return names.newEventTopic(KafkaNames.PHOTO_EVENTS);
    }
}
