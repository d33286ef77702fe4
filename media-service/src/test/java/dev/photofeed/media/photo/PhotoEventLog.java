package dev.photofeed.media.photo;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.testsupport.TestStores;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** A test class's {@code photo-events} read from the start by a consumer group of its own, as a new subscriber would. */
final class PhotoEventLog {

    private PhotoEventLog() {
    }

    /**
     * The events read until {@code enough} holds of them (failing after 30 s), then whatever arrives in
     * {@code andThen} more: a test that expects nothing further gives it time to show up.
     */
    static List<ConsumerRecord<String, String>> read(TestStores stores, String group,
                                                     Predicate<List<ConsumerRecord<String, String>>> enough, Duration andThen) {
        List<ConsumerRecord<String, String>> events = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", stores.endpoints().kafkaBootstrapServers(),
                "group.id", stores.kafkaPrefix() + group, "auto.offset.reset", "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(stores.kafkaPrefix() + KafkaNames.PHOTO_EVENTS));
            // each poll waits up to 500 ms by itself; in this thread, as a consumer is not to be shared
            await("enough of " + group + "'s photo-events").atMost(Duration.ofSeconds(30))
                    .pollInSameThread().pollDelay(Duration.ZERO).pollInterval(Duration.ZERO)
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(500)).forEach(events::add);
                        return events;
                    }, enough);
            if (!andThen.isZero()) {
                consumer.poll(andThen).forEach(events::add);
            }
        }
        return events;
    }
}
