package dev.photofeed.media.upload;

import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;

/**
 * Decides what an upload really is, and that it is whole, before anything is stored:
 * the format from the first bytes; the width and height from the header alone, refused when the pixel
 * count is over the limit, so a "decompression bomb" (a small file declaring 60,000 × 60,000 pixels) is
 * turned away before a single pixel buffer is allocated; then a full decode, in which any error or decoder
 * warning (a truncated JPEG decodes "successfully" into grey, with a warning) means the image is corrupt.
 *
 * <p>Every decode first reserves its raster (width × height × the bytes per pixel of the type the reader will
 * decode to, all known from the header) from the shared {@link DecodeBudget}: one that alone is over the budget is
 * refused, one that finds no room within the wait is turned away as busy.
 */
public final class ImageInspector {

    public record Inspection(ImageFormat format, int width, int height) {
    }

    /** Why an upload was refused; the web layer maps each to its status and problem type. */
    public static final class Rejected extends Exception {

        public enum Reason { NOT_AN_IMAGE, CORRUPT, TOO_MANY_PIXELS, OVER_DECODE_BUDGET, BUSY }

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
    private final DecodeBudget budget;
    private final Duration maxWait;

    /** Without a budget to share: for tests and tools that decode one image at a time. */
    public ImageInspector(long maxPixels) {
        this(maxPixels, DecodeBudget.unlimited(), Duration.ZERO);
    }

    /** {@code maxWait}: how long an upload's decode waits for room in the budget. */
    public ImageInspector(long maxPixels, DecodeBudget budget, Duration maxWait) {
        this.maxPixels = maxPixels;
        this.budget = budget;
        this.maxWait = maxWait;
    }

    public Inspection inspect(byte[] bytes) throws Rejected {
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new Rejected(Rejected.Reason.NOT_AN_IMAGE, "the file is not a JPEG, PNG or WebP image"));
        return read(format, bytes, reader -> {
            Inspection inspection = new Inspection(format, reader.getWidth(0), reader.getHeight(0));
            try (DecodeBudget.Reservation ignored = reserve(reader, 1, maxWait)) {
                decode(reader, reader.getDefaultReadParam());
            }
            return inspection;
        });
    }

    /**
     * A stored image decoded small: ImageIO's subsampling keeps every {@code n}th pixel while it reads, so the raster
     * is at most about {@code 4 × longSide} on its long side and a 40-megapixel photo never needs its full raster.
     * Waits up to {@code wait} for room in the budget.
     */
    public BufferedImage readSmall(byte[] bytes, int longSide, Duration wait) throws Rejected {
        ImageFormat format = ImageFormat.sniff(bytes)
                .orElseThrow(() -> new Rejected(Rejected.Reason.NOT_AN_IMAGE, "the stored file is not an image"));
        return read(format, bytes, reader -> {
            int step = Math.max(1, Math.max(reader.getWidth(0), reader.getHeight(0)) / (2 * longSide));
            ImageReadParam param = reader.getDefaultReadParam();
            param.setSourceSubsampling(step, step, 0, 0);
            try (DecodeBudget.Reservation ignored = reserve(reader, step, wait)) {
                return decode(reader, param);
            }
        });
    }

    private interface Decoding<T> {
        T apply(ImageReader reader) throws IOException, Rejected;
    }

    /** Opens a reader on the bytes, checks the header's size against the pixel limit, then runs {@code decoding}. */
    private <T> T read(ImageFormat format, byte[] bytes, Decoding<T> decoding) throws Rejected {
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
            return decoding.apply(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory: cannot happen
        } finally {
            reader.dispose();
        }
    }

    /** The raster a read keeping every {@code step}th pixel allocates, reserved from the budget. */
    private DecodeBudget.Reservation reserve(ImageReader reader, int step, Duration wait) throws IOException, Rejected {
        long width = (reader.getWidth(0) + step - 1) / step;
        long height = (reader.getHeight(0) + step - 1) / step;
        long cost = width * height * bytesPerPixel(reader);
        if (!budget.fits(cost)) {
            throw new Rejected(Rejected.Reason.OVER_DECODE_BUDGET, ("decoding this %d × %d image takes %d MiB; "
                    + "at most %d MiB are decoded at once").formatted(reader.getWidth(0), reader.getHeight(0),
                    cost >> 20, budget.bytes() >> 20));
        }
        return budget.reserve(cost, wait).orElseThrow(() -> new Rejected(Rejected.Reason.BUSY,
                "too many images are being decoded at once; try again shortly"));
    }

    /** What a pixel of the reader's default destination takes: 3 for 8-bit RGB, 4 for ARGB, 8 for 16-bit RGBA. */
    private static long bytesPerPixel(ImageReader reader) throws Rejected {
        Iterator<ImageTypeSpecifier> types;
        try {
            types = reader.getImageTypes(0);
        } catch (IOException | RuntimeException e) {
            throw new Rejected(Rejected.Reason.CORRUPT, "the image header cannot be read");
        }
        if (types == null || !types.hasNext()) {
            throw new Rejected(Rejected.Reason.CORRUPT, "the image has no pixel type that can be decoded");
        }
        SampleModel pixel = types.next().getSampleModel(1, 1);
        return Math.max(1, (long) pixel.getNumDataElements() * DataBuffer.getDataTypeSize(pixel.getTransferType()) / 8);
    }

    private static BufferedImage decode(ImageReader reader, ImageReadParam param) throws Rejected {
        String[] warning = new String[1];
        reader.addIIOReadWarningListener((IIOReadWarningListener) (source, message) -> warning[0] = message);
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw new Rejected(Rejected.Reason.CORRUPT, "the image data is damaged or truncated");
        }
        if (image == null || warning[0] != null) {
            throw new Rejected(Rejected.Reason.CORRUPT, "the image data is damaged or truncated");
        }
        return image;
    }

    private static ImageReader readerFor(ImageFormat format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByMIMEType(format.mediaType());
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format.mediaType());
        }
        return readers.next();
    }
}
