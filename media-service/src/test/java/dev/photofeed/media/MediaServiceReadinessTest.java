package dev.photofeed.media;

import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.testsupport.ReadinessContract;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** media-service starts on its real stores: shards migrated and warm, the bucket made, its topic created. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class MediaServiceReadinessTest implements ReadinessContract {

    @Autowired
    S3Client s3;

    @Autowired
    KafkaNames kafkaNames;

    @Override
    public List<String> storeComponents() {
        return List.of("shards", "redis", "objectStore", "kafka");
    }

    @Test
    void theBucketAndThePhotoEventsTopicExist(TestStores stores) throws Exception {
        assertThat(s3.listBuckets().buckets()).anyMatch(b -> b.name().equals(stores.bucket()));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stores.endpoints().kafkaBootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains(stores.kafkaPrefix() + KafkaNames.PHOTO_EVENTS);
        }
        assertThat(kafkaNames.topic(KafkaNames.PHOTO_EVENTS)).isEqualTo(stores.kafkaPrefix() + "photo-events");
    }
}
