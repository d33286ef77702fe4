package dev.photofeed.common.web;

import dev.photofeed.common.id.PhotofeedId;

/** Ids in URL paths: text that is not an id names no resource, so it is the same 404 as an unknown id. */
public final class PathIds {

    private PathIds() {
    }

    public static long parse(String text, String notFoundType, String what) {
        return PhotofeedId.parse(text).orElseThrow(() -> ApiException.notFound(notFoundType, "no " + what + " with id " + text));
    }
}
