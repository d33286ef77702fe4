package dev.photofeed.common.web;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * Every error leaves as {@code application/problem+json} (RFC 9457) with a stable {@code type}: an
 * {@link ApiException} carries its own; Spring MVC's own errors (malformed JSON, failed validation, a wrong
 * method) get one named after what went wrong; a store that gives no connection is a 503; anything unexpected
 * is a 500 that is logged, with no internals in the body.
 */
@RestControllerAdvice
public class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);
    private static final URI ABOUT_BLANK = URI.create("about:blank");

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
        problem.setType(e.type());
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(e.status());
        // whole seconds, rounded up: a client that waits this long is never early
        e.retryAfter().ifPresent(wait -> answer.header(HttpHeaders.RETRY_AFTER,
                String.valueOf(Math.max(1, (wait.toMillis() + 999) / 1000))));
        return answer.body(problem);
    }

    /**
     * A store that gives no connection in time (its pool exhausted under overload, or the database down) is the
     * service being overloaded or degraded, not a bug in the request: 503 with Retry-After, so a client backs off
     * and tries again (Heroku's client throttling, in “What does 100 million users on a Google service mean?”)
     * instead of taking it as final.
     */
    @ExceptionHandler({DataAccessResourceFailureException.class, TransientDataAccessException.class,
            CannotCreateTransactionException.class})
    ResponseEntity<ProblemDetail> storeUnavailable(Exception e) {
        log.warn("a store is unavailable: {}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the service is overloaded or a store it needs is unavailable; try again shortly");
        problem.setType(ApiException.type("service-unavailable"));
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1").body(problem);
    }

    /** A multipart body that does not parse (cut short, no parts, a broken boundary) is the client's. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<ProblemDetail> malformedMultipart(MultipartException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "the multipart/form-data body could not be read: each part must open with the boundary and the body end with it");
        problem.setType(ApiException.type("malformed-multipart"));
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("unhandled error", e);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, "internal error");
        problem.setType(ApiException.type("internal-error"));
        return ResponseEntity.internalServerError().body(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                                      HttpStatusCode status, WebRequest request) {
        if (body == null && ex instanceof ErrorResponse error) {
            body = error.updateAndGetBody(getMessageSource(), LocaleContextHolder.getLocale());
        }
        if (body instanceof ProblemDetail problem && (problem.getType() == null || ABOUT_BLANK.equals(problem.getType()))) {
            problem.setType(ApiException.type(typeOf(ex, status)));
            if (ex instanceof MethodArgumentNotValidException invalid) {
                List<String> errors = invalid.getBindingResult().getFieldErrors().stream()
                        .map(ProblemDetailsHandler::describe).toList();
                problem.setDetail(String.join("; ", errors));
                problem.setProperty("errors", errors);
            }
            if (ex instanceof HttpMessageNotReadableException) {
                problem.setDetail("the request body is not the JSON this call takes"); // no parser internals
            }
        }
        return super.handleExceptionInternal(ex, body, headers, status, request);
    }

    private static String typeOf(Exception ex, HttpStatusCode status) {
        return switch (ex) {
            case HttpMessageNotReadableException e -> "malformed-request";
            case MethodArgumentNotValidException e -> "invalid-request";
            case HandlerMethodValidationException e -> "invalid-request";
            case TypeMismatchException e -> "invalid-parameter";
            case MissingServletRequestParameterException e -> "invalid-parameter";
            default -> {
                HttpStatus known = HttpStatus.resolve(status.value());
                yield known == null ? "error-" + status.value()
                        : known.getReasonPhrase().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
            }
        };
    }

    private static String describe(FieldError error) {
        return error.getField() + ": " + error.getDefaultMessage();
    }
}
