package dev.photofeed.common.web;

import org.springframework.http.HttpStatus;

import java.net.URI;

/**
 * An error a client caused, answered as an RFC 9457 problem detail: the status, a stable {@code type} URI
 * that clients can switch on (the last path segment names the error), and a human-readable detail.
 */
public class ApiException extends RuntimeException {

    public static final String TYPE_BASE = "https://photofeed.dev/problems/";

    private final HttpStatus status;
    private final URI type;

    public ApiException(HttpStatus status, String type, String detail) {
        super(detail, null, false, false); // expected errors: no stack trace to fill
        this.status = status;
        this.type = type(type);
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
}
