package dev.photofeed.media.thumbnail;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.media.photo.Photo;
import dev.photofeed.media.photo.Photos;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * Derived work off the request path (async request-reply): the upload answers at once with its thumbnail
 * {@code pending}; this consumer of our own {@code photo-events} makes the thumbnail and marks it
 * {@code ready}, and a client polls the photo to see it. Driven by the event log, a thumbnail that was not
 * made before a crash is made when the event is read again; making one twice is harmless.
 */
@Component
class Thumbnailer {

    private static final Logger log = LoggerFactory.getLogger(Thumbnailer.class);

    private final Photos photos;
    private final JsonMapper json;

    Thumbnailer(Photos photos, JsonMapper json) {
        this.photos = photos;
        this.json = json;
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('photo-events')}", groupId = "#{@kafkaNames.group('media-service-thumbnails')}")
    void onPhotoEvent(ConsumerRecord<String, String> record) throws IOException {
        JsonNode event = json.readTree(record.value());
        if (!event.path("type").asString("").equals("photo-posted")) {
            return;
        }
        Optional<Photo> photo = PhotofeedId.parse(event.path("photoId").asString("")).stream().boxed()
                .map(photos::find).flatMap(Optional::stream).findFirst();
        if (photo.isEmpty()) {
            log.warn("photo-posted for an unknown photo at offset {}: skipped", record.offset());
            return;
        }
        if (!photo.get().thumbnailReady()) {
            photos.thumbnailMade(photo.get(), thumbnail(photo.get()));
        }
    }

    private byte[] thumbnail(Photo photo) throws IOException {
        BufferedImage original;
        try (InputStream in = photos.open(photo.blobKey())) {
            original = ImageIO.read(in);
        }
        double scale = Math.min(1.0, (double) Photo.THUMBNAIL / Math.max(original.getWidth(), original.getHeight()));
        int width = Math.max(1, (int) Math.round(original.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(original.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, width, height, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(small, "jpg", out);
        return out.toByteArray();
    }
}
