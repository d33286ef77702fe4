package dev.photofeed.media.upload;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * Decides what an upload really is, and that it is whole, before anything is stored:
 * the format from the first bytes; the width and height from the header alone, refused when the pixel
 * count is over the limit, so a "decompression bomb" (a small file declaring 60,000 × 60,000 pixels) is
 * turned away before a single pixel buffer is allocated; then a full decode, in which any error or decoder
 * warning (a truncated JPEG decodes "successfully" into grey, with a warning) means the image is corrupt.
 */
public final class ImageInspector {

    public record Inspection(ImageFormat format, int width, int height) {
    }

    /** Why an upload was refused; the web layer maps each to its status and problem type. */
    public static final class Rejected extends Exception {

        public enum Reason { NOT_AN_IMAGE, CORRUPT, TOO_MANY_PIXELS }

        private final Reason reason;

        Rejected(Reason reason, String message) {
            super(message);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final long maxPixels;

    public ImageInspector(long maxPixels) {
        this.maxPixels = maxPixels;
    }

    public Inspection inspect(byte[] bytes) throws Rejected {
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new Rejected(Rejected.Reason.NOT_AN_IMAGE, "the file is not a JPEG, PNG or WebP image"));
        ImageReader reader = readerFor(format);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            reader.setInput(in, true, true);
            int width;
            int height;
            try {
                width = reader.getWidth(0);
                height = reader.getHeight(0);
            } catch (IOException | RuntimeException e) {
                throw new Rejected(Rejected.Reason.CORRUPT, "the image header cannot be read");
            }
            if (width < 1 || height < 1) {
                throw new Rejected(Rejected.Reason.CORRUPT, "the image declares no pixels");
            }
            if ((long) width * height > maxPixels) {
                throw new Rejected(Rejected.Reason.TOO_MANY_PIXELS,
                        "the image is %d × %d pixels; at most %d pixels are accepted".formatted(width, height, maxPixels));
            }
            decodeWhole(reader);
            return new Inspection(format, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory: cannot happen
        } finally {
            reader.dispose();
        }
    }

    private static void decodeWhole(ImageReader reader) throws Rejected {
        String[] warning = new String[1];
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, message) -> warning[0] = message);
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw new Rejected(Rejected.Reason.CORRUPT, "the image data is damaged or truncated");
        }
        if (image == null || warning[0] != null) {
            throw new Rejected(Rejected.Reason.CORRUPT, "the image data is damaged or truncated");
        }
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format.mediaType());
        }
        return readers.next();
    }
}
