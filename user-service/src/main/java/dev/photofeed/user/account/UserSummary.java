package dev.photofeed.user.account;

/** A user as lists and sign-up show one: {@code {"id","username","displayName"}}, the id as a string. */
public record UserSummary(String id, String username, String displayName) {
}
