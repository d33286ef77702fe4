package dev.photofeed.media.photo;

import java.time.Instant;

/** A photo's row. */
public record Photo(long id, long ownerId, String caption, String mediaType, int width, int height, long sizeBytes,
                    String sha256, Instant createdAt, boolean thumbnailReady) {

    /** The one thumbnail size: the longer side, in pixels. */
    public static final int THUMBNAIL = 320;

    Photo withThumbnailReady() {
        return new Photo(id, ownerId, caption, mediaType, width, height, sizeBytes, sha256, createdAt, true);
    }

    public String blobKey() {
        return blobKey(id);
    }

    public String thumbnailKey() {
        return "thumbnails/" + id + "-" + THUMBNAIL + ".jpg";
    }

    static String blobKey(long id) {
        return "photos/" + id;
    }
}
