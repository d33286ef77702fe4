package dev.photofeed.feed.rebuild;

import dev.photofeed.common.events.PoisonEvent;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.feed.fanout.PhotoEvents;
import dev.photofeed.feed.fanout.UserEvents;
import dev.photofeed.feed.timeline.TimelineStore;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Rebuild from the log: the feed is a read model, and the log is the truth. Every feed key is deleted, then
 * {@code photo-events} and {@code user-events} are read from their first offset up to the end they had when
 * the replay began, each record applied by the very code the live consumers run. A timeline is a function of
 * the posts and the follow graph, not of the order the two topics interleave in, so posts first and follows
 * second ends where the live consumers ended. Poison records are counted and skipped (they are in the
 * dead-letter topic already).
 */
@Component
public class LogReplay {

    private static final Logger log = LoggerFactory.getLogger(LogReplay.class);

    private final TimelineStore store;
    private final PhotoEvents photoEvents;
    private final UserEvents userEvents;
    private final KafkaNames names;
    private final Map<String, Object> consumerConfig;

    LogReplay(TimelineStore store, PhotoEvents photoEvents, UserEvents userEvents, KafkaNames names,
              ConsumerFactory<?, ?> consumers) {
        this.store = store;
        this.photoEvents = photoEvents;
        this.userEvents = userEvents;
        this.names = names;
        this.consumerConfig = new HashMap<>(consumers.getConfigurationProperties());
    }

    public Result replay() {
        store.wipe();
        long photos = replay(names.topic(KafkaNames.PHOTO_EVENTS), photoEvents::handle);
        long users = replay(names.topic(KafkaNames.USER_EVENTS), userEvents::handle);
        Result result = new Result(photos, users);
        log.info("feed rebuilt from the log: {}", result);
        return result;
    }

    private long replay(String topic, Consumer<ConsumerRecord<String, String>> apply) {
        Map<String, Object> config = new HashMap<>(consumerConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG); // no group: nothing committed, the live groups untouched
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long applied = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue; // arrived after the replay began: the live consumer applies it
                    }
                    try {
                        apply.accept(record);
                        applied++;
                    } catch (PoisonEvent poison) {
                        log.warn("skipped poison record {}-{}@{}: {}", topic, record.partition(), record.offset(), poison.getMessage());
                    }
                }
            }
            return applied;
        }
    }

    /** Records applied per topic. */
    public record Result(long photoEvents, long userEvents) {
    }
}
