package dev.photofeed.media.photo;

import java.time.Instant;
import java.util.List;

/**
 * A photo's event on {@code photo-events}, keyed by owner id, carrying what a feed item shows: {@code photo-posted}
 * when it is stored, {@code photo-updated} when what it shows changed (its thumbnail became ready), so the
 * feed's copy of the item can be replaced rather than stay as it was at post time.
 */
public record PhotoEvent(String photoId, String ownerId, String caption, Instant createdAt, String contentUrl,
                         int width, int height, List<PhotoView.Thumbnail> thumbnails) {

    static final String POSTED = "photo-posted";
    static final String UPDATED = "photo-updated";

    static PhotoEvent of(PhotoView view) {
        return new PhotoEvent(view.id(), view.ownerId(), view.caption(), view.createdAt(), view.contentUrl(),
                view.width(), view.height(), view.thumbnails());
    }
}
