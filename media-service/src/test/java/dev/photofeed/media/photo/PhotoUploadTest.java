package dev.photofeed.media.photo;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestTokens;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.testsupport.TestImages;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Upload → metadata → content → event, and every bad upload answered with its 4xx and nothing left behind. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "photofeed.shards.pool-size=4")
@Import(TestTokens.Keys.class)
class PhotoUploadTest {

    private static final long ALICE = 1_234_567_890_123L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    PublicApi api;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://localhost:" + port);
    }

    @Autowired
    ShardRouter shards;

    @Autowired
    S3Client s3;

    @Test
    void anUploadRoundTripsAndAnnouncesItself(TestStores stores) {
        byte[] png = TestImages.encode("png", 64, 48);

        PublicApi.Answer created = api.upload(TestTokens.forUser(ALICE), png, "holiday.png", "at the beach");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode photo = created.json();
        String id = photo.get("id").asString();
        assertThat(photo.get("ownerId").asString()).isEqualTo(String.valueOf(ALICE));
        assertThat(photo.get("caption").asString()).isEqualTo("at the beach");
        assertThat(photo.get("width").asInt()).isEqualTo(64);
        assertThat(photo.get("contentUrl").asString()).isEqualTo("/api/photos/" + id + "/content");
        assertThat(created.header("Location")).isEqualTo("/api/photos/" + id);

        PublicApi.Answer metadata = api.get("/api/photos/" + id);
        assertThat(metadata.status()).isEqualTo(200);
        assertThat(metadata.json()).isEqualTo(photo);

        PublicApi.Answer content = api.get("/api/photos/" + id + "/content");
        assertThat(content.status()).isEqualTo(200);
        assertThat(content.body()).isEqualTo(png);
        assertThat(content.header("Content-Type")).isEqualTo("image/png");
        assertThat(content.header("Cache-Control")).contains("max-age=31536000", "public", "immutable");
        String etag = content.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");

        PublicApi.Answer again = api.getIfNoneMatch("/api/photos/" + id + "/content", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();

        ConsumerRecord<String, String> event = firstEvent(stores);
        assertThat(event.key()).isEqualTo(String.valueOf(ALICE));
        JsonNode posted = JSON.readTree(event.value());
        assertThat(posted.get("type").asString()).isEqualTo("photo-posted");
        assertThat(posted.get("photoId").asString()).isEqualTo(id);
        assertThat(posted.get("eventId").asString()).isNotBlank();
    }

    @Test
    void photoBytesAreServedAsTheirStoredTypeNeverSniffed() {
        for (String format : List.of("png", "jpg")) {
            String id = api.upload(TestTokens.forUser(ALICE), TestImages.encode(format, 32, 24, 5), "x." + format, null)
                    .expect(201).json().get("id").asString();
            PublicApi.Answer content = api.get("/api/photos/" + id + "/content");
            assertThat(content.header("Content-Type")).as(format)
                    .isEqualTo(format.equals("png") ? "image/png" : "image/jpeg");
            assertThat(content.header("X-Content-Type-Options")).as(format).isEqualTo("nosniff");
        }
        assertThat(api.get("/api/photos/-1").header("X-Content-Type-Options")).as("a problem too").isEqualTo("nosniff");
        assertThat(api.get("/api/users/" + ALICE + "/photos").header("X-Content-Type-Options")).as("JSON too").isEqualTo("nosniff");
    }

    @Test
    void aUsersPhotosPageNewestFirst() {
        long bob = ALICE + 1;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(api.upload(TestTokens.forUser(bob), TestImages.encode("jpg", 8, 8), "p.jpg", "n" + i).json().get("id").asString());
        }
        JsonNode first = api.get("/api/users/" + bob + "/photos?limit=2").json();
        assertThat(first.get("items").valueStream().map(p -> p.get("id").asString())).containsExactly(ids.get(2), ids.get(1));
        JsonNode second = api.get("/api/users/" + bob + "/photos?limit=2&cursor=" + first.get("nextCursor").asString()).json();
        assertThat(second.get("items").valueStream().map(p -> p.get("id").asString())).containsExactly(ids.get(0));
        assertThat(second.get("nextCursor").isNull()).isTrue();
    }

    @Test
    void theFirstPageIsServedFromCacheAndANewPhotoShowsAtOnce() {
        long carol = ALICE + 3;
        String first = api.upload(TestTokens.forUser(carol), TestImages.encode("png", 4, 4), "a.png", null).json().get("id").asString();
        assertThat(api.get("/api/users/" + carol + "/photos").text()).contains(first);
        double hits = meters.counter("photofeed.cache.hits", "cache", "recent-photos").count();

        assertThat(api.get("/api/users/" + carol + "/photos").text()).contains(first);
        assertThat(meters.counter("photofeed.cache.hits", "cache", "recent-photos").count()).isEqualTo(hits + 1);

        String second = api.upload(TestTokens.forUser(carol), TestImages.encode("png", 4, 4), "b.png", null).json().get("id").asString();
        JsonNode page = api.get("/api/users/" + carol + "/photos").json();
        assertThat(page.get("items").valueStream().map(p -> p.get("id").asString())).containsExactly(second, first);
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void everyBadUploadIsA4xxAndLeavesNothingBehind() {
        String token = TestTokens.forUser(ALICE + 2);
        byte[] png = TestImages.encode("png", 30, 20);
        byte[] garbagePng = Arrays.copyOf(png, png.length);
        Arrays.fill(garbagePng, 40, garbagePng.length, (byte) 7);
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3};
        long rowsBefore = rows();
        int blobsBefore = blobs();

        expect(api.upload(token, new byte[0], "empty.jpg", null), 400, "empty-file");
        expect(api.upload(token, new byte[10 * 1024 * 1024 + 1], "big.jpg", null), 413, null);
        expect(api.upload(token, zip, "archive.jpg", null), 415, "not-an-image");
        expect(api.upload(token, garbagePng, "broken.png", null), 400, "corrupt-image");
        expect(api.upload(token, TestImages.bomb(), "bomb.jpg", null), 400, "image-too-large");
        expect(api.upload(token, png, "p.png", "x".repeat(100_000)), 400, "caption-too-long");
        expect(api.upload(token, null, null, "no file"), 400, null);
        expect(api.upload(token, "xyz", "--xyz\r\nbroken".getBytes(StandardCharsets.UTF_8)), 400, "malformed-multipart");
        expect(api.upload(token, "xyz", ("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cut.png\"\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8)), 400, "malformed-multipart");
        expect(api.upload(null, png, "p.png", null), 401, "unauthenticated");
        expect(api.upload(TestTokens.forged(ALICE), png, "p.png", null), 401, "invalid-token");
        expect(api.upload("not.a.token", png, "p.png", null), 401, "invalid-token");

        assertThat(rows()).as("photo and intent rows").isEqualTo(rowsBefore);
        assertThat(blobs()).as("blobs in the bucket").isEqualTo(blobsBefore);
    }

    @Test
    void noLocationSurvivesAnUploadWhereverItSitsInTheFile() {
        byte[] located = TestImages.jpegWithLocationAfterItsScan(64, 48); // EXIF GPS after the scan and in an MPF image after the end
        assertThat(TestImages.carriesLocation(located)).isTrue();

        PublicApi.Answer created = api.upload(TestTokens.forUser(ALICE + 4), located, "phone.jpg", null);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        String id = created.json().get("id").asString();
        PublicApi.Answer content = api.get("/api/photos/" + id + "/content");

        assertThat(content.status()).isEqualTo(200);
        assertThat(TestImages.carriesLocation(content.body())).as("an EXIF block or GPS IFD in the stored bytes").isFalse();
        assertThat(content.body()).as("the primary image alone").isEqualTo(TestImages.encode("jpg", 64, 48));
        // its thumbnail is written to the bucket asynchronously: wait for it, so later tests count a quiet bucket
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/photos/" + id).json().get("thumbnails").get(0).get("status").asString(), "ready"::equals);
    }

    @Test
    void unknownAndMalformedPhotoIdsAre404() {
        expect(api.get("/api/photos/999999999999"), 404, "photo-not-found");
        expect(api.get("/api/photos/abc"), 404, "photo-not-found");
        expect(api.get("/api/photos/-1/content"), 404, "photo-not-found");
        expect(api.get("/api/users/1/photos?limit=0"), 400, "invalid-limit");
        expect(api.get("/api/users/1/photos?cursor=%25%25"), 400, "invalid-cursor");
        expect(api.get("/api/users/31337/photos"), 404, "user-not-found");
    }

    @Test
    void aNewUsersPhotosAreAnEmptyPageOnceTheirUserCreatedArrives(TestStores stores) throws Exception {
        long dave = 4_040_404_040L;
        expect(api.get("/api/users/" + dave + "/photos"), 404, "user-not-found");
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", stores.endpoints().kafkaBootstrapServers()),
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.StringSerializer())) {
            producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(stores.kafkaPrefix() + "user-events", String.valueOf(dave),
                    "{\"eventId\":\"" + java.util.UUID.randomUUID() + "\",\"type\":\"user-created\",\"occurredAt\":\"" + java.time.Instant.now()
                            + "\",\"userId\":\"" + dave + "\"}")).get();
        }
        PublicApi.Answer page = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get("/api/users/" + dave + "/photos"), polled -> polled.status() != 404);
        assertThat(page.status()).as(page.text()).isEqualTo(200);
        assertThat(page.json().get("items").isEmpty()).isTrue();
    }

    private static void expect(PublicApi.Answer answer, int status, String type) {
        assertThat(answer.status()).as(answer.text()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.text()).isEqualTo("application/problem+json");
        if (type != null) {
            assertThat(answer.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/" + type);
        }
        assertThat(answer.text()).doesNotContain("Exception", "\tat ");
    }

    private long rows() {
        return shards.all().stream().mapToLong(s -> s.jdbc()
                .sql("SELECT (SELECT count(*) FROM photos) + (SELECT count(*) FROM pending_uploads)").query(Long.class).single()).sum();
    }

    /** The uploaded originals; thumbnails (under their own prefix) of earlier tests' photos may still be arriving. */
    private int blobs() {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket()).prefix("photos/")).contents().stream().toList().size();
    }

    @Autowired
    dev.photofeed.media.storage.ObjectStoreProperties objectStore;

    private String bucket() {
        return objectStore.bucket();
    }

    private static ConsumerRecord<String, String> firstEvent(TestStores stores) {
        Predicate<ConsumerRecord<String, String>> alices = record -> record.key().equals(String.valueOf(ALICE));
        return PhotoEventLog.read(stores, "upload-test", events -> events.stream().anyMatch(alices), Duration.ZERO).stream()
                .filter(alices).findFirst().orElseThrow(() -> new AssertionError("no photo-posted event for the upload within 30 s"));
    }
}
