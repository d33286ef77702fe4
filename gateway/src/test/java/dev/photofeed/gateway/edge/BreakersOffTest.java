package dev.photofeed.gateway.edge;

import dev.photofeed.gateway.StubbedUpstreams;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** With the breakers switched off, the time limit no longer cuts a slow call short: the caller waits it out. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"photofeed.edge.timeout=500ms", "photofeed.edge.breakers.enabled=false"})
class BreakersOffTest extends StubbedUpstreams {

    @LocalServerPort
    int port;

    @Test
    void aSlowCallIsWaitedForInsteadOfAnsweredWith503() throws Exception {
        long started = System.nanoTime();
        HttpResponse<Void> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/photos/slow")).build(),
                HttpResponse.BodyHandlers.discarding());
        long tookMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(tookMillis).as("the stand-in takes 3 s; the switched-off limit of 500 ms did not apply").isGreaterThanOrEqualTo(2_900);
    }
}
