package dev.photofeed.media.photo;

import dev.photofeed.common.id.PhotofeedId;

import java.time.Instant;
import java.util.List;

/** A photo as the API shows it: ids as strings, and where its bytes are. */
public record PhotoView(String id, String ownerId, String caption, Instant createdAt, String contentUrl,
                        int width, int height, List<Thumbnail> thumbnails) {

    /** Made after the upload answers: {@code pending}, then {@code ready} with its URL (poll the photo). */
    public record Thumbnail(int size, String status, String url) {
    }

    public static PhotoView of(Photo photo) {
        String id = PhotofeedId.format(photo.id());
        Thumbnail thumbnail = photo.thumbnailReady()
                ? new Thumbnail(Photo.THUMBNAIL, "ready", "/api/photos/" + id + "/thumbnails/" + Photo.THUMBNAIL)
                : new Thumbnail(Photo.THUMBNAIL, "pending", null);
        return new PhotoView(id, PhotofeedId.format(photo.ownerId()), photo.caption(), photo.createdAt(),
                "/api/photos/" + id + "/content", photo.width(), photo.height(), List.of(thumbnail));
    }
}
