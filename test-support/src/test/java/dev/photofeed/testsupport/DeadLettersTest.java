package dev.photofeed.testsupport;

import dev.photofeed.localstack.DeadLetters;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./stack dead-letters} on a real broker: records dead-lettered as the consumer runtime does it. */
@RealInfrastructure
class DeadLettersTest {

    @Test
    void listShowsEachDeadLetterAndRedriveSendsItBackToItsTopicOnce(TestStores stores) throws Exception {
        String bootstrap = stores.endpoints().kafkaBootstrapServers();
        String topic = stores.kafkaPrefix() + "photo-events";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1), new NewTopic(topic + ".dlt", 2, (short) 1))).all().get();
        }
        try (var producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap), new StringSerializer(), new StringSerializer())) {
            for (String value : List.of("{not json", "{\"type\":\"photo-posted\"}")) {
                var dead = new ProducerRecord<>(topic + ".dlt", "owner-1", value);
                header(dead, "event-id", "e-" + value.length());
                header(dead, "photofeed-dlt-reason", "PoisonEvent: " + value.length());
                header(dead, "kafka_dlt-original-topic", topic);
                header(dead, "kafka_dlt-original-consumer-group", "counts");
                producer.send(dead).get();
            }
        }
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        DeadLetters tool = new DeadLetters(bootstrap, stores.kafkaPrefix(), new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(tool.run(List.of("list"))).isZero();
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains(topic + ".dlt partition ", " key owner-1 from " + topic + " (group counts): PoisonEvent: 9", "2 dead letters")
                .doesNotContain("re-driven");

        assertThat(tool.redrive()).isEqualTo(2);
        assertThat(tool.redrive()).as("each once").isZero();
        assertThat(tool.list()).hasSize(2).allMatch(DeadLetters.Letter::redriven);

        List<ConsumerRecord<String, String>> back = stores.records(topic);
        assertThat(back).extracting(ConsumerRecord::value).containsExactly("{not json", "{\"type\":\"photo-posted\"}");
        assertThat(back).extracting(ConsumerRecord::key).containsOnly("owner-1");
        for (ConsumerRecord<String, String> record : back) {
            assertThat(record.headers().toArray()).extracting(Header::key).containsExactly("event-id");
        }
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
