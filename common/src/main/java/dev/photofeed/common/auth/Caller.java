package dev.photofeed.common.auth;

/** The user a request acts as, from its verified token: a controller parameter of this type requires one. */
public record Caller(long id) {
}
