package dev.photofeed.media.photo;

import java.time.Instant;

/** The {@code photo-posted} event on {@code photo-events}, keyed by owner id: what a feed item shows. */
public record PhotoPosted(String photoId, String ownerId, String caption, Instant createdAt, String contentUrl,
                          int width, int height) {

    static final String TYPE = "photo-posted";

    static PhotoPosted of(PhotoView view) {
        return new PhotoPosted(view.id(), view.ownerId(), view.caption(), view.createdAt(), view.contentUrl(),
                view.width(), view.height());
    }
}
