package dev.photofeed.localstack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code ./stack dead-letters list|redrive}: the dead-letter topics ({@code <topic>.dlt}) where the services'
 * consumer runtime (common's {@code ConsumerRuntimeAutoConfiguration}) puts poison events.
 * {@code list} prints each record: where it is, its key, the reason, where it came from, and whether it was
 * re-driven. {@code redrive}, once the cause is fixed, publishes each record not yet re-driven back to its
 * original topic (without the dead-letter headers) and commits its offset in the consumer group
 * {@value #GROUP}, record by record, so each is re-driven once and a run stopped half-way goes on from there.
 * A crash between the send and its commit sends one record twice: the consumers drop duplicates by event id.
 * Every consumer group of the original topic reads a re-driven record again; those that applied it drop it.
 */
public final class DeadLetters {

    static final String GROUP = "dead-letters-redrive";
    private static final String SUFFIX = ".dlt";
    // the headers the runtime writes: its reason, and Spring Kafka's DeadLetterPublishingRecoverer's kafka_dlt-*
    private static final String REASON = "photofeed-dlt-reason";
    private static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    private static final String ORIGINAL_GROUP = "kafka_dlt-original-consumer-group";
    private static final Duration ANSWER = Duration.ofSeconds(10);

    /** One dead-letter record as {@code list} shows it; {@code timestamp} is when it was dead-lettered (epoch ms). */
    public record Letter(String topic, int partition, long offset, long timestamp, String key, String reason,
                         String originalTopic, String originalGroup, boolean redriven) {

        @Override
        public String toString() {
            return "%s partition %d offset %d key %s from %s (group %s)%s: %s".formatted(topic, partition, offset, key,
                    originalTopic, originalGroup, redriven ? " re-driven" : "", reason);
        }
    }

    private final String bootstrap;
    private final String prefix;
    private final PrintStream out;

    /** {@code prefix} is {@code photofeed.kafka.prefix}: empty under {@code ./stack}. */
    public DeadLetters(String bootstrap, String prefix, PrintStream out) {
        this.bootstrap = bootstrap;
        this.prefix = prefix;
        this.out = out;
    }

    public int run(List<String> args) {
        try {
            switch (args.isEmpty() ? "" : args.getFirst()) {
                case "list" -> {
                    List<Letter> letters = list();
                    letters.forEach(out::println);
                    out.println(letters.size() + " dead letters");
                }
                case "redrive" -> out.println("re-drove " + redrive() + " dead letters");
                default -> throw new StackException("usage: ./stack dead-letters list|redrive");
            }
            return 0;
        } catch (KafkaException e) {
            throw new StackException("Kafka at " + bootstrap + " failed (is the stack up?): " + e.getMessage());
        }
    }

    public List<Letter> list() {
        List<Letter> letters = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer()) {
            Set<TopicPartition> partitions = deadLetterPartitions(consumer);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(partitions, ANSWER);
            readAll(consumer, partitions, false, record -> {
                OffsetAndMetadata done = committed.get(new TopicPartition(record.topic(), record.partition()));
                letters.add(new Letter(record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(),
                        header(record, REASON), header(record, ORIGINAL_TOPIC), header(record, ORIGINAL_GROUP),
                        done != null && record.offset() < done.offset()));
            });
        }
        letters.sort(Comparator.comparing(Letter::topic).thenComparing(Letter::partition).thenComparing(Letter::offset));
        return letters;
    }

    public int redrive() {
        int[] sent = {0};
        try (KafkaConsumer<String, String> consumer = consumer();
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) ANSWER.toMillis()),
                     new StringSerializer(), new StringSerializer())) {
            readAll(consumer, deadLetterPartitions(consumer), true, record -> {
                var again = new ProducerRecord<>(originalTopic(record), null, record.key(), record.value());
                for (Header header : record.headers()) {
                    if (!header.key().equals(REASON) && !header.key().startsWith("kafka_dlt-")) {
                        again.headers().add(header); // the event's own: event-id, event-type, traceparent
                    }
                }
                try {
                    producer.send(again).get(ANSWER.toSeconds(), TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StackException("interrupted while re-driving");
                } catch (ExecutionException | TimeoutException e) {
                    throw new StackException("Kafka did not take a re-driven record: " + e.getMessage());
                }
                consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                        new OffsetAndMetadata(record.offset() + 1)), ANSWER);
                sent[0]++;
            });
        }
        return sent[0];
    }

    private String originalTopic(ConsumerRecord<String, String> record) {
        String original = header(record, ORIGINAL_TOPIC);
        return original != null ? original : record.topic().substring(0, record.topic().length() - SUFFIX.length());
    }

    private KafkaConsumer<String, String> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, prefix + GROUP,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER.toMillis()),
                new StringDeserializer(), new StringDeserializer());
    }

    private Set<TopicPartition> deadLetterPartitions(KafkaConsumer<String, String> consumer) {
        Set<TopicPartition> partitions = new HashSet<>();
        consumer.listTopics(ANSWER).forEach((topic, infos) -> {
            if (topic.startsWith(prefix) && topic.endsWith(SUFFIX)) {
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
        });
        return partitions;
    }

    /**
     * Every record of the partitions up to their end now, from the first, or from the group's committed
     * offset ({@code fromCommitted}); assigned, not subscribed, so no rebalance moves them mid-run.
     */
    private static void readAll(KafkaConsumer<String, String> consumer, Set<TopicPartition> partitions, boolean fromCommitted,
                                java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        if (fromCommitted) {
            consumer.committed(partitions, ANSWER).forEach((partition, offset) -> {
                if (offset != null) {
                    consumer.seek(partition, offset.offset());
                }
            });
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, ANSWER);
        while (partitions.stream().anyMatch(p -> consumer.position(p, ANSWER) < end.get(p))) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    each.accept(record);
                }
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
