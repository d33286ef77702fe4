package dev.photofeed.media.upload;

import dev.photofeed.testsupport.TestImages;
import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Decodes reserve their raster from one budget, known from the header, before a pixel is allocated. */
class DecodeBudgetTest {

    @Test
    void reservationsSumToAtMostTheBudgetAndComeBackWhenClosed() {
        DecodeBudget budget = new DecodeBudget(10 << 20);
        DecodeBudget.Reservation six = budget.reserve(6 << 20, Duration.ZERO).orElseThrow();
        assertThat(budget.inUse()).isEqualTo(6 << 20);
        assertThat(budget.reserve(5 << 20, Duration.ofMillis(50))).as("no room for 5 more").isEmpty();
        DecodeBudget.Reservation four = budget.reserve(4 << 20, Duration.ZERO).orElseThrow();
        six.close();
        six.close();
        assertThat(budget.inUse()).as("closing twice gives back once").isEqualTo(4 << 20);
        four.close();
        assertThat(budget.inUse()).isZero();
        assertThat(budget.fits(10 << 20)).isTrue();
        assertThat(budget.fits((10 << 20) + 1)).isFalse();
    }

    @Test
    void anImageThatAloneIsOverTheBudgetIsRefusedFromItsHeader() {
        // 6000 × 6000 ARGB is 144 MB to decode; its body is a 16 × 16 image, so only the header could have said so
        ImageInspector inspector = new ImageInspector(40_000_000, new DecodeBudget(100 << 20), Duration.ZERO);
        ImageInspector.Rejected rejected = catchThrowableOfType(ImageInspector.Rejected.class,
                () -> inspector.inspect(TestImages.pngClaiming(6000, 6000)));
        assertThat(rejected.reason()).isEqualTo(ImageInspector.Rejected.Reason.OVER_DECODE_BUDGET);
        assertThat(rejected.getMessage()).contains("6000 × 6000", "137 MiB");
    }

    @Test
    void aDecodeThatFindsNoRoomInTimeIsBusy() throws Exception {
        DecodeBudget budget = new DecodeBudget(1 << 20);
        ImageInspector inspector = new ImageInspector(40_000_000, budget, Duration.ofMillis(100));
        byte[] jpeg = TestImages.encode("jpg", 400, 300); // 360 kB as 8-bit BGR
        try (DecodeBudget.Reservation taken = budget.reserve(800 << 10, Duration.ZERO).orElseThrow()) {
            ImageInspector.Rejected rejected = catchThrowableOfType(ImageInspector.Rejected.class, () -> inspector.inspect(jpeg));
            assertThat(rejected.reason()).isEqualTo(ImageInspector.Rejected.Reason.BUSY);
        }
        assertThat(inspector.inspect(jpeg).width()).isEqualTo(400);
        assertThat(budget.inUse()).as("given back after the decode").isZero();
    }

    @Test
    void aThumbnailsSourceIsReadSubsampled() throws Exception {
        DecodeBudget budget = new DecodeBudget(1 << 20); // far less than the 1.4 MB a full 1600 × 300 BGR raster takes
        ImageInspector inspector = new ImageInspector(40_000_000, budget, Duration.ZERO);
        BufferedImage small = inspector.readSmall(TestImages.encode("jpg", 1600, 300), 320, Duration.ZERO);
        assertThat(small.getWidth()).isEqualTo(800); // every 2nd pixel: at least twice the thumbnail's 320
        assertThat(small.getHeight()).isEqualTo(150);
        assertThat(inspector.readSmall(TestImages.encode("png", 64, 48), 320, Duration.ZERO).getWidth()).isEqualTo(64);
        assertThat(inspector.readSmall(TestImages.webp(), 320, Duration.ZERO).getWidth()).isEqualTo(24);
    }
}
