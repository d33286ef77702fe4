package dev.photofeed.user.auth;

/** The authenticated user making a request, from its bearer token. A controller parameter of this type requires one. */
public record Caller(long id) {
}
