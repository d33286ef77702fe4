package dev.photofeed.gateway.edge;

import dev.photofeed.gateway.StubbedUpstreams;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** A request line or headers past the edge's limits are refused with problem details, not a bare status. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OversizedRequestsTest extends StubbedUpstreams {

    @LocalServerPort
    int port;

    @Test
    void aLongQueryIs414AndHugeHeadersAre431_bothProblemDetails() throws IOException {
        String longQuery = raw(port, "GET /api/photos/1?q=" + "a".repeat(5_000) + " HTTP/1.1\r\nHost: localhost\r\n");
        assertThat(longQuery).startsWith("HTTP/1.1 414");
        assertThat(longQuery).containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"https://photofeed.dev/problems/uri-too-long\"");

        String hugeHeader = raw(port, "GET /api/photos/1 HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + "t".repeat(20_000) + "\r\n");
        assertThat(hugeHeader).startsWith("HTTP/1.1 431");
        assertThat(hugeHeader).containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"type\":\"https://photofeed.dev/problems/headers-too-large\"");

        assertThat(UPSTREAM.paths()).as("neither reached a service").noneMatch(p -> p.contains("aaaa"));
        assertThat(raw(port, "GET /api/photos/1?q=" + "a".repeat(1_000) + " HTTP/1.1\r\nHost: localhost\r\n"))
                .as("a long query inside the limit").startsWith("HTTP/1.1 200");
    }
}
