package dev.photofeed.media.photo;

import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.testsupport.TestTokens;
import dev.photofeed.testsupport.TestImages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
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
import static org.awaitility.Awaitility.await;

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
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://localhost:" + port);
    }

    @Test
    void theThumbnailIsPendingThenReadyAndSmall(TestStores stores) throws Exception {
        JsonNode created = api.upload(TestTokens.forUser(77_000_000L), TestImages.encode("jpg", 640, 480), "big.jpg", null).json();
        String id = created.get("id").asString();
        JsonNode thumbnail = created.get("thumbnails").get(0);
        assertThat(thumbnail.get("status").asString()).isEqualTo("pending");
        assertThat(thumbnail.get("url").isNull()).isTrue();
        assertThat(api.get("/api/photos/" + id + "/thumbnails/320").status()).isEqualTo(404);

        thumbnail = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/photos/" + id).json().get("thumbnails").get(0),
                        polled -> !polled.get("status").asString().equals("pending"));
        assertThat(thumbnail.get("status").asString()).isEqualTo("ready");
        PublicApi.Answer bytes = api.get(thumbnail.get("url").asString());
        assertThat(bytes.status()).isEqualTo(200);
        assertThat(bytes.header("Content-Type")).isEqualTo("image/jpeg");
        BufferedImage small = ImageIO.read(new ByteArrayInputStream(bytes.body()));
        assertThat(small.getWidth()).isEqualTo(320);
        assertThat(small.getHeight()).isEqualTo(240);
        assertThat(api.getIfNoneMatch(thumbnail.get("url").asString(), bytes.header("ETag")).status()).isEqualTo(304);

        List<JsonNode> events = eventsOf(stores, id, 2);
        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly("photo-posted", "photo-updated");
        assertThat(events.getFirst().get("thumbnails").get(0).get("status").asString()).isEqualTo("pending");
        assertThat(events.getLast().get("thumbnails")).isEqualTo(api.get("/api/photos/" + id).json().get("thumbnails"));
    }

    @Test
    void aThumbnailIsServedAsJpegNeverSniffed() {
        String id = api.upload(TestTokens.forUser(77_000_001L), TestImages.encode("png", 400, 300), "wide.png", null)
                .json().get("id").asString();
        String url = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/photos/" + id).json().get("thumbnails").get(0),
                        polled -> polled.get("status").asString().equals("ready")).get("url").asString();
        PublicApi.Answer bytes = api.get(url);
        assertThat(bytes.header("Content-Type")).as("what the thumbnailer stored").isEqualTo("image/jpeg");
        assertThat(bytes.header("X-Content-Type-Options")).isEqualTo("nosniff");
    }

    /** The first {@code n} events of one photo on photo-events, in their order. */
    private static List<JsonNode> eventsOf(TestStores stores, String photoId, int n) {
        Predicate<ConsumerRecord<String, String>> photos = record -> JSON.readTree(record.value()).get("photoId").asString().equals(photoId);
        return PhotoEventLog.read(stores, "thumbnail-test", events -> events.stream().filter(photos).count() >= n, Duration.ZERO).stream()
                .filter(photos).map(record -> JSON.readTree(record.value())).toList();
    }
}
