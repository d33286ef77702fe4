package dev.photofeed.testsupport;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;

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
        return encode(image, format);
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

    /**
     * A real 16 × 16 RGBA PNG whose header (IHDR, its CRC made right) claims {@code width × height}: what an image
     * costs to decode is known from the header alone, and this one would not decode past it.
     */
    public static byte[] pngClaiming(int width, int height) {
        byte[] png = encode(new BufferedImage(16, 16, BufferedImage.TYPE_INT_ARGB), "png");
        ByteBuffer ihdr = ByteBuffer.wrap(png, 8, 25); // length, "IHDR", width, height, depth, ..., CRC
        ihdr.putInt(16, width).putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        ihdr.putInt(29, (int) crc.getValue());
        return png;
    }

    /** A colour JPEG of any size that compresses to little (a smooth gradient): 40 megapixels in about a megabyte. */
    public static byte[] largeJpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int at = (y * width + x) * 3;
                pixels[at] = (byte) (x * 255 / width);
                pixels[at + 1] = (byte) (y * 255 / height);
                pixels[at + 2] = (byte) 90;
            }
        }
        return encode(image, "jpg");
    }

    /**
     * A JPEG whose location is where a stripper that stops at the first scan does not look: an APP1 EXIF block with a
     * GPS IFD between the scan and the end of image, an APP2 multi-picture (MPF) index before the scan, and after the
     * end of image a secondary JPEG with its own EXIF GPS block, as phones store a depth map or preview.
     */
    public static byte[] jpegWithLocationAfterItsScan(int width, int height) {
        byte[] primary = encode("jpg", width, height);
        byte[] secondary = encode("jpg", 16, 16, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int scan = indexOf(primary, (byte) 0xFF, (byte) 0xDA);
        out.write(primary, 0, scan);
        out.writeBytes(segment(0xE2, concat("MPF\0".getBytes(StandardCharsets.ISO_8859_1), new byte[]{'M', 'M', 0, 42, 0, 0, 0, 8})));
        out.write(primary, scan, primary.length - 2 - scan); // the scan, without its end of image
        out.writeBytes(segment(0xE1, exifWithGps()));
        out.write(primary, primary.length - 2, 2); // EOI
        out.write(secondary, 0, 2);
        out.writeBytes(segment(0xE1, exifWithGps()));
        out.write(secondary, 2, secondary.length - 2);
        return out.toByteArray();
    }

    /** Whether {@code file} holds an EXIF block or a GPS IFD pointer (tag 0x8825) anywhere. */
    public static boolean carriesLocation(byte[] file) {
        return indexOf(file, "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1)) >= 0
                || indexOf(file, (byte) 0x88, (byte) 0x25, (byte) 0, (byte) 4) >= 0;
    }

    /** "Exif\0\0" and a big-endian TIFF: IFD0 with only a GPS IFD pointer; the GPS IFD with 52° 31' 12" N. */
    private static byte[] exifWithGps() {
        ByteBuffer tiff = ByteBuffer.allocate(80);
        tiff.put(new byte[]{'M', 'M', 0, 42}).putInt(8);
        tiff.putShort((short) 1).putShort((short) 0x8825).putShort((short) 4).putInt(1).putInt(26).putInt(0);
        tiff.putShort((short) 2);
        tiff.putShort((short) 1).putShort((short) 2).putInt(2).put(new byte[]{'N', 0, 0, 0}); // GPSLatitudeRef
        tiff.putShort((short) 2).putShort((short) 5).putInt(3).putInt(56); // GPSLatitude, three rationals
        tiff.putInt(0);
        tiff.putInt(52).putInt(1).putInt(31).putInt(1).putInt(12).putInt(1);
        return concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff.array());
    }

    private static byte[] segment(int marker, byte[] data) {
        return concat(new byte[]{(byte) 0xFF, (byte) marker, (byte) ((data.length + 2) >> 8), (byte) (data.length + 2)}, data);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    private static int indexOf(byte[] haystack, byte... needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] encode(BufferedImage image, String format) {
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

    /** A 24 × 16 lossy WebP made with cwebp. */
    public static byte[] webp() {
        try (InputStream in = TestImages.class.getResourceAsStream("/images/photo-24x16.webp")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
