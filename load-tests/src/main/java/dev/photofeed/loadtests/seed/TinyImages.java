package dev.photofeed.loadtests.seed;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Small generated PNGs: real images the media-service sniffs and stores, a few hundred bytes each. */
public final class TinyImages {

    private TinyImages() {
    }

    /** A 16x16 gradient whose colours follow {@code n}, so photos differ. */
    public static byte[] png(long n) {
        BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 16; x++) {
            for (int y = 0; y < 16; y++) {
                image.setRGB(x, y, (int) ((n * 2654435761L + x * 16 + y * 4096) & 0xFFFFFF));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
