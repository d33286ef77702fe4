package dev.photofeed.gateway.edge;

import dev.photofeed.gateway.StubbedUpstreams;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Internal endpoints cannot be reached through the gateway, whatever the path trick. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class InternalPathsTest extends StubbedUpstreams {

    @LocalServerPort
    int port;

    @Test
    void noTrickReachesAnInternalPath() throws IOException {
        List<String> tricks = List.of(
                "/internal/jwks.json",
                "/internal/photos/batch",
                "/internal/accounts",
                "/api/../internal/jwks.json",
                "/api/photos/../../internal/photos/batch",
                "/api/photos/%2e%2e/%2e%2e/internal/photos/batch",
                "/api/photos/%2E%2E%2F%2E%2E%2Finternal%2Fphotos%2Fbatch",
                "/api/photos/..%2f..%2finternal/users/1/followers",
                "/api/photos/..%5c..%5cinternal/jwks.json",
                "/api/users//internal/jwks.json",
                "/api/photos/1;/../../internal/jwks.json",
                "/API/photos/../../internal/jwks.json",
                "/Internal/jwks.json",
                "/api/users/1/../../../internal/users/1/followers");
        for (String trick : tricks) {
            String response = rawGet(trick);
            assertThat(response).as(trick).startsWith("HTTP/1.1 404");
        }
        assertThat(UPSTREAM.paths()).as("paths that reached a service").noneMatch(p -> p.toLowerCase().contains("internal"));
    }

    @Test
    void plainPublicPathsStillPass() throws IOException {
        assertThat(rawGet("/api/photos/123")).startsWith("HTTP/1.1 200");
        assertThat(rawGet("/api/users/1/photos")).startsWith("HTTP/1.1 200");
        assertThat(UPSTREAM.paths()).contains("/api/photos/123", "/api/users/1/photos");
    }

    private String rawGet(String path) throws IOException {
        return raw(port, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
    }
}
