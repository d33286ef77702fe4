package dev.photofeed.media.photo;

import java.time.Instant;

/** A photo's row. */
public record Photo(long id, long ownerId, String caption, String mediaType, int width, int height, long sizeBytes,
                    String sha256, Instant createdAt) {

    public String blobKey() {
        return blobKey(id);
    }

    static String blobKey(long id) {
        return "photos/" + id;
    }
}
