package dev.photofeed.common.web;

import java.util.List;
import java.util.function.Function;

/** One page of a list: {@code {"items": [...], "nextCursor": "<opaque>" | null}}. */
public record Page<T>(List<T> items, String nextCursor) {

    /**
     * The page from a query that asked for {@code limit + 1} rows: the extra row only says that there is
     * more, and the cursor points after the last row shown.
     */
    public static <R, T> Page<T> of(List<R> rows, int limit, Function<R, T> item, Function<R, String> cursorOf) {
        boolean more = rows.size() > limit;
        List<R> shown = more ? rows.subList(0, limit) : rows;
        return new Page<>(shown.stream().map(item).toList(), more ? cursorOf.apply(shown.getLast()) : null);
    }

    /** {@code ?limit=}: absent means the default; 0, negative or above the maximum is a 400. */
    public static int limit(Integer requested, int defaultLimit, int max) {
        if (requested == null) {
            return defaultLimit;
        }
        if (requested < 1 || requested > max) {
            throw ApiException.badRequest("invalid-limit", "limit must be between 1 and " + max);
        }
        return requested;
    }
}
