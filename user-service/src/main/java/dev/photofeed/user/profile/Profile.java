package dev.photofeed.user.profile;

/** {@code GET /api/users/{id}}; also the cached value. */
public record Profile(String id, String username, String displayName, long followerCount, long followingCount,
                      long photoCount) {
}
