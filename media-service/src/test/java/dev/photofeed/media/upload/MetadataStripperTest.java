package dev.photofeed.media.upload;

import dev.photofeed.testsupport.TestImages;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;

/** Location never survives an upload: each container loses its metadata and still decodes the same. */
class MetadataStripperTest {

    private static final byte[] GPS = "Exif\0\0GPSLatitude 52.5200 N GPSLongitude 13.4050 E".getBytes(StandardCharsets.ISO_8859_1);
    private final ImageInspector inspector = new ImageInspector(1_000_000);

    @Test
    void jpegLosesItsExifSegment() throws Exception {
        byte[] plain = TestImages.encode("jpg", 40, 30);
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        withExif.write(plain, 0, 2);
        withExif.write(new byte[]{(byte) 0xFF, (byte) 0xE1, 0, (byte) (GPS.length + 2)});
        withExif.write(GPS);
        withExif.write(plain, 2, plain.length - 2);

        byte[] stripped = MetadataStripper.strip(ImageFormat.JPEG, withExif.toByteArray());

        assertThat(contains(withExif.toByteArray(), "GPSLatitude")).isTrue();
        assertThat(contains(stripped, "GPSLatitude")).isFalse();
        assertThat(stripped).isEqualTo(plain); // the JFIF, tables and scan are untouched
        assertThat(inspector.inspect(stripped).width()).isEqualTo(40);
    }

    @Test
    void jpegLosesMetadataAfterItsScanAndEverythingAfterItsEnd() throws Exception {
        byte[] located = TestImages.jpegWithLocationAfterItsScan(40, 30);
        assertThat(TestImages.carriesLocation(located)).isTrue();
        assertThat(inspector.inspect(located).width()).as("a decoder takes it as it is").isEqualTo(40);

        byte[] stripped = MetadataStripper.strip(ImageFormat.JPEG, located);

        assertThat(TestImages.carriesLocation(stripped)).isFalse();
        assertThat(contains(stripped, "MPF")).isFalse();
        assertThat(stripped).isEqualTo(TestImages.encode("jpg", 40, 30)); // the primary image, byte for byte
    }

    @Test
    void everyScanOfAProgressiveJpegIsCopied() throws Exception {
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(TestImages.encode("jpg", 64, 48)));
        javax.imageio.ImageWriter writer = javax.imageio.ImageIO.getImageWritersByFormatName("jpg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream progressive = new ByteArrayOutputStream();
        try (var out = javax.imageio.ImageIO.createImageOutputStream(progressive)) {
            writer.setOutput(out);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        }
        writer.dispose();
        ByteArrayOutputStream withComment = new ByteArrayOutputStream();
        withComment.writeBytes(progressive.toByteArray());
        withComment.writeBytes("trailing bytes after the end".getBytes(StandardCharsets.ISO_8859_1));

        byte[] stripped = MetadataStripper.strip(ImageFormat.JPEG, withComment.toByteArray());

        assertThat(stripped).isEqualTo(progressive.toByteArray());
        assertThat(inspector.inspect(stripped)).isEqualTo(new ImageInspector.Inspection(ImageFormat.JPEG, 64, 48));
    }

    @Test
    void pngLosesAnAncillaryChunkItDoesNotKnow() throws Exception {
        byte[] plain = TestImages.encode("png", 20, 10);
        int afterHeader = 8 + 25;
        ByteArrayOutputStream withPrivate = new ByteArrayOutputStream();
        withPrivate.write(plain, 0, afterHeader);
        withPrivate.write(pngChunk("prVW", GPS)); // a private chunk: could hold anything
        withPrivate.write(pngChunk("gAMA", new byte[]{0, 0, (byte) 0xB1, (byte) 0x8F})); // colour: kept
        withPrivate.write(plain, afterHeader, plain.length - afterHeader);
        withPrivate.write(GPS); // after IEND

        byte[] stripped = MetadataStripper.strip(ImageFormat.PNG, withPrivate.toByteArray());

        assertThat(contains(stripped, "GPSLatitude")).isFalse();
        assertThat(contains(stripped, "gAMA")).isTrue();
        assertThat(inspector.inspect(stripped).height()).isEqualTo(10);
    }

    @Test
    void pngLosesItsExifAndTextChunks() throws Exception {
        byte[] plain = TestImages.encode("png", 20, 10);
        int afterHeader = 8 + 25; // signature, IHDR
        ByteArrayOutputStream withExif = new ByteArrayOutputStream();
        withExif.write(plain, 0, afterHeader);
        withExif.write(pngChunk("eXIf", GPS));
        withExif.write(pngChunk("tEXt", "Comment\0taken at home".getBytes(StandardCharsets.ISO_8859_1)));
        withExif.write(plain, afterHeader, plain.length - afterHeader);

        byte[] stripped = MetadataStripper.strip(ImageFormat.PNG, withExif.toByteArray());

        assertThat(stripped).isEqualTo(plain);
        assertThat(inspector.inspect(stripped).height()).isEqualTo(10);
    }

    @Test
    void webpLosesItsExifChunkAndTheFlagThatAnnouncesIt() throws Exception {
        byte[] simple = TestImages.webp(); // RIFF, WEBP, one VP8 chunk
        byte[] vp8 = java.util.Arrays.copyOfRange(simple, 12, simple.length);
        ByteBuffer vp8x = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(StandardCharsets.ISO_8859_1)).putInt(10).put((byte) 0x08).put(new byte[3]);
        vp8x.put(new byte[]{23, 0, 0, 15, 0, 0}); // canvas 24 × 16, stored minus one
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write("WEBP".getBytes(StandardCharsets.ISO_8859_1));
        body.write(vp8x.array());
        body.write(vp8);
        body.write(riffChunk("EXIF", GPS));
        byte[] extended = riff(body.toByteArray());
        assertThat(inspector.inspect(extended).format()).isEqualTo(ImageFormat.WEBP);

        byte[] stripped = MetadataStripper.strip(ImageFormat.WEBP, extended);

        assertThat(contains(stripped, "GPSLatitude")).isFalse();
        assertThat(stripped[20] & 0x08).as("the VP8X EXIF flag").isZero();
        assertThat(ByteBuffer.wrap(stripped, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt()).isEqualTo(stripped.length - 8);
        assertThat(inspector.inspect(stripped)).isEqualTo(new ImageInspector.Inspection(ImageFormat.WEBP, 24, 16));
    }

    private static byte[] pngChunk(String type, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(12 + data.length);
        chunk.putInt(data.length).put(type.getBytes(StandardCharsets.ISO_8859_1)).put(data);
        CRC32 crc = new CRC32();
        crc.update(chunk.array(), 4, 4 + data.length);
        return chunk.putInt((int) crc.getValue()).array();
    }

    private static byte[] riffChunk(String fourcc, byte[] data) {
        ByteBuffer chunk = ByteBuffer.allocate(8 + data.length + (data.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        return chunk.put(fourcc.getBytes(StandardCharsets.ISO_8859_1)).putInt(data.length).put(data).array();
    }

    private static byte[] riff(byte[] body) {
        ByteBuffer riff = ByteBuffer.allocate(8 + body.length).order(ByteOrder.LITTLE_ENDIAN);
        return riff.put("RIFF".getBytes(StandardCharsets.ISO_8859_1)).putInt(body.length).put(body).array();
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
