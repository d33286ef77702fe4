package dev.photofeed.media.upload;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Removes metadata that can say where a photo was taken (EXIF with its GPS block, XMP, IPTC, text chunks)
 * by copying the file's container structure without those parts: the pixels are not re-encoded, so nothing
 * is lost in quality and it costs one pass over the bytes. What colour needs stays: JFIF, the ICC profile
 * and Adobe's marker in JPEG, every PNG chunk but text and eXIf, every WebP chunk but EXIF and XMP.
 * (EXIF's orientation goes too: a phone photo taken sideways shows as stored.)
 */
public final class MetadataStripper {

    private static final Set<Integer> JPEG_KEPT_APP = Set.of(0xE0, 0xE2, 0xEE); // JFIF, ICC profile, Adobe
    private static final Set<String> PNG_DROPPED = Set.of("eXIf", "tEXt", "zTXt", "iTXt", "tIME");
    private static final Set<String> WEBP_DROPPED = Set.of("EXIF", "XMP ");
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
            if (marker == 0xDA || marker == 0xD9) { // start of scan or end: the rest is image data
                out.write(in, i, in.length - i);
                return out.toByteArray();
            }
            int length = ((in[i + 2] & 0xFF) << 8) | (in[i + 3] & 0xFF);
            int end = i + 2 + length;
            if (length < 2 || end > in.length) {
                throw new IllegalArgumentException("a JPEG segment runs past the end");
            }
            boolean metadata = (marker >= 0xE1 && marker <= 0xEF && !JPEG_KEPT_APP.contains(marker)) || marker == 0xFE;
            if (!metadata) {
                out.write(in, i, end - i);
            }
            i = end;
        }
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
            if (!PNG_DROPPED.contains(type)) {
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
            if (!WEBP_DROPPED.contains(fourcc)) {
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
