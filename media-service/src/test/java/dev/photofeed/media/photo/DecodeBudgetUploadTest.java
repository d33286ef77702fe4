package dev.photofeed.media.photo;

import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.media.storage.ObjectStoreProperties;
import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestImages;
import dev.photofeed.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decodes within a memory budget: a burst of uploads at the pixel cap, each 120 MB to decode, on a 768 MB heap
 * (media-service's surefire setting) that twenty at once would exhaust; the budget lets one decode at a time, the
 * others wait a second and are turned away with 503, and the service goes on serving reads meanwhile.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "photofeed.shards.pool-size=4", "photofeed.upload.decode-memory=128MB", "photofeed.upload.decode-wait=1s"})
@Import(TestTokens.Keys.class)
class DecodeBudgetUploadTest {

    private static final long BUDGET = 128L << 20;
    private static final long OWNER = 5_550_000_001L;

    @LocalServerPort
    int port;
    PublicApi api;

    @Autowired
    MeterRegistry meters;
    @Autowired
    ShardRouter shards;
    @Autowired
    S3Client s3;
    @Autowired
    ObjectStoreProperties objectStore;

    @BeforeEach
    void client() {
        api = PublicApi.toService("http://localhost:" + port);
    }

    @Test
    void twentyUploadsAtThePixelCapAtOnceAreEachAnsweredAndReadsGoOn() throws Exception {
        String existing = api.upload(TestTokens.forUser(OWNER), TestImages.encode("png", 8, 8), "a.png", null).expect(201)
                .json().get("id").asString();
        byte[] atTheCap = TestImages.largeJpeg(8000, 5000); // 40 megapixels, 120 MB as 8-bit BGR
        assertThat(atTheCap.length).isLessThan(10 << 20);

        AtomicBoolean uploading = new AtomicBoolean(true);
        AtomicLong mostInUse = new AtomicLong();
        List<PublicApi.Answer> reads = new ArrayList<>();
        ConcurrentLinkedQueue<PublicApi.Answer> answers = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                uploads.add(pool.submit(() -> {
                    start.await();
                    answers.add(api.upload(TestTokens.forUser(OWNER), atTheCap, "big.jpg", null));
                    return null;
                }));
            }
            pool.submit(() -> {
                while (uploading.get()) {
                    mostInUse.accumulateAndGet((long) meters.get("photofeed.upload.decode.memory.used").gauge().value(), Math::max);
                    Thread.sleep(5);
                }
                return null;
            });
            start.countDown();
            while (uploads.stream().anyMatch(upload -> !upload.isDone())) {
                reads.add(api.get("/api/photos/" + existing));
                reads.add(api.get("/api/photos/" + existing + "/content"));
            }
            uploading.set(false);
            for (Future<?> upload : uploads) {
                upload.get();
            }
        }

        assertThat(answers).hasSize(20);
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.text()).isIn(Set.of(201, 413, 503)));
        assertThat(answers).as("the budget lets decodes through, one at a time").anySatisfy(answer -> assertThat(answer.status()).isEqualTo(201));
        answers.stream().filter(answer -> answer.status() == 503).forEach(busy -> {
            assertThat(busy.header("Retry-After")).isEqualTo("1");
            assertThat(busy.header("Content-Type")).isEqualTo("application/problem+json");
            assertThat(busy.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/busy");
        });
        assertThat(mostInUse.get()).as("rasters in flight").isPositive().isLessThanOrEqualTo(BUDGET);
        assertThat(reads).isNotEmpty().allSatisfy(read -> assertThat(read.status()).as(read.call()).isEqualTo(200));
        assertThat(api.upload(TestTokens.forUser(OWNER), TestImages.encode("jpg", 64, 48), "after.jpg", null).status())
                .as("still taking uploads").isEqualTo(201);
    }

    @Test
    void anImageThatAloneIsOverTheBudgetIs413AndLeavesNothingBehind() {
        long rowsBefore = rows();
        int blobsBefore = blobs();
        byte[] tooBig = TestImages.pngClaiming(6000, 6000); // under the pixel cap; 144 MB as ARGB, over the 128 MB budget

        PublicApi.Answer refused = api.upload(TestTokens.forUser(OWNER + 1), tooBig, "huge.png", null);

        assertThat(refused.status()).as(refused.text()).isEqualTo(413);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.json().get("type").asString()).isEqualTo("https://photofeed.dev/problems/image-too-large");
        assertThat(refused.json().get("detail").asString()).contains("6000 × 6000");
        assertThat(refused.text()).doesNotContain("Exception", "\tat ");
        assertThat(rows()).as("photo and intent rows").isEqualTo(rowsBefore);
        assertThat(blobs()).as("blobs in the bucket").isEqualTo(blobsBefore);
    }

    private long rows() {
        return shards.all().stream().mapToLong(s -> s.jdbc()
                .sql("SELECT (SELECT count(*) FROM photos) + (SELECT count(*) FROM pending_uploads)").query(Long.class).single()).sum();
    }

    private int blobs() {
        return s3.listObjectsV2Paginator(b -> b.bucket(objectStore.bucket())).contents().stream().toList().size();
    }
}
