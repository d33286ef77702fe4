package dev.photofeed.common.web;

import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failures are the client's to retry: a store without a free connection is 503 with Retry-After, not 500. */
class ProblemDetailsHandlerTest {

    private final ProblemDetailsHandler handler = new ProblemDetailsHandler();

    @Test
    void aStoreThatGivesNoConnectionIsA503ToRetry() {
        List<Exception> overloads = List.of(new CannotGetJdbcConnectionException("pool exhausted"),
                new CannotCreateTransactionException("no connection for the transaction"),
                new QueryTimeoutException("statement timed out"));
        for (Exception e : overloads) {
            ResponseEntity<ProblemDetail> response = handler.storeUnavailable(e);
            assertThat(response.getStatusCode().value()).isEqualTo(503);
            assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
            assertThat(response.getBody().getType().toString()).endsWith("/service-unavailable");
            assertThat(response.getBody().getDetail()).doesNotContain("pool", "transaction", "statement");
        }
    }

    @Test
    void aRefusalUnderLoadSaysWhenToTryAgain_otherRefusalsDoNot() {
        ResponseEntity<ProblemDetail> busy = handler.api(new ApiException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "busy", "later"));
        assertThat(busy.getStatusCode().value()).isEqualTo(503);
        assertThat(busy.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(busy.getBody().getType().toString()).endsWith("/busy");

        ResponseEntity<ProblemDetail> invalid = handler.api(ApiException.badRequest("invalid-limit", "no"));
        assertThat(invalid.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isNull();
    }

    @Test
    void anythingElseUnexpectedIsA500WithoutInternals() {
        ResponseEntity<ProblemDetail> response = handler.unexpected(new IllegalStateException("secret internals"));
        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(response.getBody().getDetail()).isEqualTo("internal error");
    }
}
