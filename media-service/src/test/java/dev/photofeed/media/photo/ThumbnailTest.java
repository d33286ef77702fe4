package dev.photofeed.media.photo;

import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.testsupport.TestTokens;
import dev.photofeed.media.upload.TestImages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Async request-reply: the upload answers with its thumbnail pending; polling the photo shows it ready, and a
 * {@code photo-updated} event tells the feed's copy of the item.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "photofeed.shards.pool-size=4")
@Import(TestTokens.Keys.class)
class ThumbnailTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Test
    void theThumbnailIsPendingThenReadyAndSmall(TestStores stores) throws Exception {
        Api api = new Api(port);
        JsonNode created = JSON.readTree(api.upload(TestTokens.forUser(77_000_000L), TestImages.encode("jpg", 640, 480), "big.jpg", null).body());
        String id = created.get("id").asString();
        JsonNode thumbnail = created.get("thumbnails").get(0);
        assertThat(thumbnail.get("status").asString()).isEqualTo("pending");
        assertThat(thumbnail.get("url").isNull()).isTrue();
        assertThat(api.get("/api/photos/" + id + "/thumbnails/320").status()).isEqualTo(404);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (thumbnail.get("status").asString().equals("pending") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            thumbnail = JSON.readTree(api.get("/api/photos/" + id).body()).get("thumbnails").get(0);
        }
        assertThat(thumbnail.get("status").asString()).isEqualTo("ready");
        Api.Answer bytes = api.get(thumbnail.get("url").asString());
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(bytes.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(bytes.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(240);
        assertThat(api.get(thumbnail.get("url").asString(), "If-None-Match", bytes.header("ETag")).status()).isEqualTo(304);

        List<JsonNode> events = eventsOf(stores, id, 2);
        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly("photo-posted", "photo-updated");
        assertThat(events.getFirst().get("thumbnails").get(0).get("status").asString()).isEqualTo("pending");
        assertThat(events.getLast().get("thumbnails")).isEqualTo(JSON.readTree(api.get("/api/photos/" + id).body()).get("thumbnails"));
    }

    /** The first {@code n} events of one photo on photo-events, in their order. */
    private static List<JsonNode> eventsOf(TestStores stores, String photoId, int n) {
        Predicate<ConsumerRecord<String, String>> photos = record -> JSON.readTree(record.value()).get("photoId").asString().equals(photoId);
        return PhotoEventLog.read(stores, "thumbnail-test", events -> events.stream().filter(photos).count() >= n, Duration.ZERO).stream()
                .filter(photos).map(record -> JSON.readTree(record.value())).toList();
    }
}
