package dev.photofeed.media.photo;

import dev.photofeed.common.id.PhotofeedId;

import java.time.Instant;

/** A photo as the API shows it: ids as strings, and where its bytes are. */
public record PhotoView(String id, String ownerId, String caption, Instant createdAt, String contentUrl,
                        int width, int height) {

    public static PhotoView of(Photo photo) {
        String id = PhotofeedId.format(photo.id());
        return new PhotoView(id, PhotofeedId.format(photo.ownerId()), photo.caption(), photo.createdAt(),
                "/api/photos/" + id + "/content", photo.width(), photo.height());
    }
}
