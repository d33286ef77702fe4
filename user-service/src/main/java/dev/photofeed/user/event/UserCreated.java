package dev.photofeed.user.event;

/** {@code user-created}, keyed by the new user's id. */
public record UserCreated(String userId, String username, String displayName) {
}
