package dev.photofeed.common.web;

import org.springframework.http.HttpStatus;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * An error a client caused, answered as an RFC 9457 problem detail: the status, a stable {@code type} URI
 * that clients can switch on (the last path segment names the error), and a human-readable detail.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_BASE = "https://photofeed.dev/problems/";

    private final HttpStatus status;
    private final URI type;
    private final Duration retryAfter;

    public ApiException(HttpStatus status, String type, String detail) {
        this(status, type, detail, status == HttpStatus.SERVICE_UNAVAILABLE ? Duration.ofSeconds(1) : null);
    }

    private ApiException(HttpStatus status, String type, String detail, Duration retryAfter) {
        super(detail, null, false, false); // expected errors: no stack trace to fill
        this.status = status;
        this.type = type(type);
        this.retryAfter = retryAfter;
    }

    /** A refusal that a client may try again after {@code retryAfter}, said in the Retry-After header. */
    public static ApiException tooManyRequests(String type, String detail, Duration retryAfter) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, type, detail, retryAfter);
    }

    public static ApiException badRequest(String type, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, type, detail);
    }

    public static ApiException notFound(String type, String detail) {
        return new ApiException(HttpStatus.NOT_FOUND, type, detail);
    }

    public static URI type(String name) {
        return URI.create(TYPE_BASE + name);
    }

    public HttpStatus status() {
        return status;
    }

    public URI type() {
        return type;
    }

    /** When to try again, for a refusal under load (a 503 is one second) or over a limit; else empty. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
