package dev.photofeed.media.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Removes metadata that can say where a photo was taken (EXIF with its GPS block, XMP, IPTC, text chunks)
 * by copying the file's container structure without those parts: the pixels are not re-encoded, so nothing
 * is lost in quality and it costs one pass over the bytes. The whole file is walked, not only its head: a JPEG
 * through every scan to its end of image (segments after the first scan are dropped as well, and whatever follows
 * the end, such as a multi-picture secondary image with its own EXIF, is not copied), a PNG to IEND, a WebP to the
 * end its RIFF header declares. Only what is known to be needed to show the image is copied: JFIF, the ICC
 * profile and Adobe's marker in JPEG (told by their identifiers: APP2 also carries MPF); in PNG the critical
 * chunks and the ancillary ones about colour, transparency, layout and animation; in WebP the image, alpha,
 * animation and ICC chunks. (EXIF's orientation goes too: a phone photo taken sideways shows as stored.)
 */
public final class MetadataStripper {

    /** The APPn segments kept, by marker and the identifier their data starts with. */
    private static final Map<Integer, byte[]> JPEG_KEPT_APP = Map.of(
            0xE0, "JFIF\0".getBytes(StandardCharsets.ISO_8859_1),
            0xE2, "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1),
            0xEE, "Adobe".getBytes(StandardCharsets.ISO_8859_1));
    private static final Set<String> PNG_KEPT_ANCILLARY = Set.of("tRNS", "cHRM", "gAMA", "iCCP", "sBIT", "sRGB",
            "cICP", "mDCV", "cLLI", "bKGD", "pHYs", "hIST", "sPLT", "acTL", "fcTL", "fdAT");
    private static final Set<String> WEBP_KEPT = Set.of("VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF", "ICCP");
    private static final int VP8X_EXIF = 0x08;
    private static final int VP8X_XMP = 0x04;

    private MetadataStripper() {
    }

    /** The same image without its metadata; {@link IllegalArgumentException} if the container is malformed. */
    public static byte[] strip(ImageFormat format, byte[] image) {
        try {
            return switch (format) {
                case JPEG -> jpeg(image);
                case PNG -> png(image);
                case WEBP -> webp(image);
            };
        } catch (IndexOutOfBoundsException truncated) {
            throw new IllegalArgumentException("the " + format + " container is truncated", truncated);
        }
    }

    private static byte[] jpeg(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 2); // SOI
        int i = 2;
        while (true) {
            if ((in[i] & 0xFF) != 0xFF) {
                throw new IllegalArgumentException("expected a JPEG marker at " + i);
            }
            int marker = in[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xD9) { // end of image: nothing after it is copied
                out.write(in, i, 2);
                return out.toByteArray();
            }
            if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM, RSTn: no length
                out.write(in, i, 2);
                i += 2;
                continue;
            }
            if (marker == 0xD8) {
                throw new IllegalArgumentException("a second start of image before the end of the first");
            }
            int length = ((in[i + 2] & 0xFF) << 8) | (in[i + 3] & 0xFF);
            int end = i + 2 + length;
            if (length < 2 || end > in.length) {
                throw new IllegalArgumentException("a JPEG segment runs past the end");
            }
            boolean app = marker >= 0xE0 && marker <= 0xEF;
            boolean metadata = (app && !kept(marker, in, i + 4, end)) || marker == 0xFE;
            if (!metadata) {
                out.write(in, i, end - i);
            }
            i = end;
            if (marker == 0xDA) { // a scan's entropy-coded data: up to the first marker that is not stuffing or RSTn
                int data = i;
                while ((in[i] & 0xFF) != 0xFF || isScanData(in[i + 1] & 0xFF)) {
                    i += (in[i] & 0xFF) == 0xFF ? 2 : 1;
                }
                out.write(in, data, i - data);
            }
        }
    }

    private static boolean isScanData(int afterFF) {
        return afterFF == 0x00 || (afterFF >= 0xD0 && afterFF <= 0xD7);
    }

    private static boolean kept(int marker, byte[] in, int from, int end) {
        byte[] identifier = JPEG_KEPT_APP.get(marker);
        return identifier != null && end - from >= identifier.length
                && Arrays.equals(in, from, from + identifier.length, identifier, 0, identifier.length);
    }

    private static byte[] png(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 8); // signature
        int i = 8;
        while (i < in.length) {
            int length = readIntBigEndian(in, i);
            String type = new String(in, i + 4, 4, StandardCharsets.ISO_8859_1);
            int end = i + 12 + length;
            if (length < 0 || end > in.length) {
                throw new IllegalArgumentException("a PNG chunk runs past the end");
            }
            boolean critical = (in[i + 4] & 0x20) == 0; // a decoder needs it, or refuses the file
            if (critical || PNG_KEPT_ANCILLARY.contains(type)) {
                out.write(in, i, end - i);
            }
            i = end;
            if (type.equals("IEND")) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] webp(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        out.write(in, 0, 12); // RIFF, size (rewritten below), WEBP
        int end = Math.min(in.length, 8 + readIntLittleEndian(in, 4));
        int i = 12;
        while (i + 8 <= end) {
            String fourcc = new String(in, i, 4, StandardCharsets.ISO_8859_1);
            int size = readIntLittleEndian(in, i + 4);
            int next = i + 8 + size + (size & 1);
            if (size < 0 || i + 8 + size > end) {
                throw new IllegalArgumentException("a WebP chunk runs past the end");
            }
            if (WEBP_KEPT.contains(fourcc)) {
                int from = out.size();
                out.write(in, i, Math.min(next, end) - i);
                if (fourcc.equals("VP8X")) {
                    byte[] sofar = out.toByteArray();
                    sofar[from + 8] &= (byte) ~(VP8X_EXIF | VP8X_XMP);
                    out.reset();
                    out.write(sofar, 0, sofar.length);
                }
            }
            i = next;
        }
        byte[] result = out.toByteArray();
        writeIntLittleEndian(result, 4, result.length - 8);
        return result;
    }

    private static int readIntBigEndian(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int readIntLittleEndian(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | ((b[i + 3] & 0xFF) << 24);
    }

    private static void writeIntLittleEndian(byte[] b, int i, int value) {
        b[i] = (byte) value;
        b[i + 1] = (byte) (value >>> 8);
        b[i + 2] = (byte) (value >>> 16);
        b[i + 3] = (byte) (value >>> 24);
    }
}
