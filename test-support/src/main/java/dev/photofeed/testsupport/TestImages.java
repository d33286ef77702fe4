package dev.photofeed.testsupport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Small real images made on the spot (JPEG, PNG) or shipped as a fixture (WebP: the JDK cannot write it). */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] encode(String format, int width, int height) {
        return encode(format, width, height, 0);
    }

    /** An image whose pixels follow {@code seed}: different seeds, different bytes (uploads that must not look alike). */
    public static byte[] encode(String format, int width, int height, int seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, ((x * 7) << 16 | (y * 5) << 8 | 90) ^ (seed & 0xFFFFFF));
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real 16 × 16 JPEG whose frame header (SOF0) claims 60,000 × 60,000 pixels: about 10 GB to decode. */
    public static byte[] bomb() {
        byte[] jpeg = encode("jpg", 16, 16);
        for (int i = 2; i < jpeg.length - 9; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                jpeg[i + 5] = (byte) (60_000 >> 8);
                jpeg[i + 6] = (byte) 60_000;
                jpeg[i + 7] = (byte) (60_000 >> 8);
                jpeg[i + 8] = (byte) 60_000;
                return jpeg;
            }
        }
        throw new IllegalStateException("no SOF0");
    }

    /** A 24 × 16 lossy WebP made with cwebp. */
    public static byte[] webp() {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/photo-24x16.webp")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
