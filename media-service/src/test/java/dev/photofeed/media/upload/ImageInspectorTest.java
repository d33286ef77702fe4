package dev.photofeed.media.upload;

import dev.photofeed.testsupport.TestImages;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(40_000_000);

    @Test
    void knowsEachFormatFromItsBytesAndReadsItsSize() throws Exception {
        assertThat(inspector.inspect(TestImages.encode("jpg", 64, 48)))
                .isEqualTo(new ImageInspector.Inspection(ImageFormat.JPEG, 64, 48));
        assertThat(inspector.inspect(TestImages.encode("png", 30, 20)))
                .isEqualTo(new ImageInspector.Inspection(ImageFormat.PNG, 30, 20));
        assertThat(inspector.inspect(TestImages.webp()))
                .isEqualTo(new ImageInspector.Inspection(ImageFormat.WEBP, 24, 16));
    }

    @Test
    void anythingElseIsNotAnImage() {
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        for (byte[] bytes : new byte[][]{zip, new byte[0], "GIF89a....".getBytes(), "<svg></svg>".getBytes()}) {
            assertThat(rejection(bytes)).isEqualTo(ImageInspector.Rejected.Reason.NOT_AN_IMAGE);
        }
    }

    @Test
    void aPngHeaderWithAGarbageBodyIsCorrupt() {
        byte[] png = TestImages.encode("png", 30, 20);
        byte[] garbage = Arrays.copyOf(png, png.length);
        for (int i = 40; i < garbage.length; i++) {
            garbage[i] = (byte) (i * 31);
        }
        assertThat(rejection(garbage)).isEqualTo(ImageInspector.Rejected.Reason.CORRUPT);
    }

    @Test
    void aTruncatedImageIsCorrupt() {
        byte[] jpeg = TestImages.encode("jpg", 200, 150);
        assertThat(rejection(Arrays.copyOf(jpeg, jpeg.length / 2))).isEqualTo(ImageInspector.Rejected.Reason.CORRUPT);
        byte[] webp = TestImages.webp();
        assertThat(rejection(Arrays.copyOf(webp, webp.length - 40))).isEqualTo(ImageInspector.Rejected.Reason.CORRUPT);
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderBeforeAnyPixelIsAllocated() {
        // a tiny JPEG whose frame header claims 60,000 × 60,000: decoding it would need about 10 GB
        byte[] bomb = TestImages.bomb();
        ImageInspector.Rejected rejected = catchThrowableOfType(ImageInspector.Rejected.class, () -> inspector.inspect(bomb));
        assertThat(rejected.reason()).isEqualTo(ImageInspector.Rejected.Reason.TOO_MANY_PIXELS);
        assertThat(rejected.getMessage()).contains("60000 × 60000");
    }

    private ImageInspector.Rejected.Reason rejection(byte[] bytes) {
        return catchThrowableOfType(ImageInspector.Rejected.class, () -> inspector.inspect(bytes)).reason();
    }
}
