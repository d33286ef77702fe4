package dev.photofeed.media.thumbnail;

import dev.photofeed.common.events.EventHandlers;
import dev.photofeed.common.events.PoisonEvent;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.media.photo.Photo;
import dev.photofeed.media.photo.Photos;
import dev.photofeed.media.upload.ImageInspector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Derived work off the request path (async request-reply): the upload answers at once with its thumbnail
 * {@code pending}; this consumer of our own {@code photo-events} makes the thumbnail and marks it
 * {@code ready}, and a client polls the photo to see it. Driven by the event log, a thumbnail that was not
 * made before a crash is made when the event is read again; making one twice is harmless. A store that fails
 * is retried until it answers; a photo-posted whose photo is not there goes to the dead-letter topic.
 * The photo is read subsampled, within the service's decode budget ({@link ImageInspector#readSmall}): a 320 px
 * thumbnail never needs the full raster of a 40-megapixel photo.
 */
@Component
class Thumbnailer {

    /** What making a thumbnail reads of a {@code photo-posted}. */
    record PhotoPosted(String photoId) {
        PhotoPosted {
            if (PhotofeedId.parse(photoId).isEmpty()) {
                throw new IllegalArgumentException("photoId is not an id");
            }
        }
    }

    /** Background work: it may wait its turn far longer than an upload, and is retried if even that is not enough. */
    private static final Duration BUDGET_WAIT = Duration.ofSeconds(30);

    private final Photos photos;
    private final ImageInspector inspector;
    private final EventHandlers handlers;

    Thumbnailer(Photos photos, ImageInspector inspector, JsonMapper json) {
        this.photos = photos;
        this.inspector = inspector;
        this.handlers = EventHandlers.with(json).on("photo-posted", PhotoPosted.class, event -> posted(event.body()));
    }

    @KafkaListener(topics = "#{@kafkaNames.topic('photo-events')}", groupId = "#{@kafkaNames.group('media-service-thumbnails')}")
    void onPhotoEvent(ConsumerRecord<String, String> record) {
        handlers.handle(record);
    }

    /** A photo-posted is written in the photo's own transaction: a photo it names that is not there never will be. */
    private void posted(PhotoPosted event) {
        Photo photo = photos.find(PhotofeedId.parse(event.photoId()).orElseThrow())
                .orElseThrow(() -> new PoisonEvent("photo-posted for an unknown photo"));
        if (!photo.thumbnailReady()) {
            photos.thumbnailMade(photo, thumbnail(photo));
        }
    }

    /** The object store failing is worth retrying; stored bytes that do not decode are not. */
    private byte[] thumbnail(Photo photo) {
        byte[] stored;
        try (InputStream in = photos.open(photo.blobKey())) {
            stored = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BufferedImage original;
        try {
            original = inspector.readSmall(stored, Photo.THUMBNAIL, BUDGET_WAIT);
        } catch (ImageInspector.Rejected rejected) {
            if (rejected.reason() == ImageInspector.Rejected.Reason.BUSY) {
                throw new IllegalStateException(rejected.getMessage()); // retried with back-off
            }
            throw new PoisonEvent("the stored photo does not decode: " + rejected.getMessage());
        }
        // the size from the photo's own, not the subsampled raster's, so the aspect ratio is exact
        double scale = Math.min(1.0, (double) Photo.THUMBNAIL / Math.max(photo.width(), photo.height()));
        int width = Math.max(1, (int) Math.round(photo.width() * scale));
        int height = Math.max(1, (int) Math.round(photo.height() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = small.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(original, 0, 0, width, height, null);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(small, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }
}
