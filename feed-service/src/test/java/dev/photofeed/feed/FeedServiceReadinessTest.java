package dev.photofeed.feed;

import dev.photofeed.localstack.testsupport.Probes;
import dev.photofeed.localstack.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** feed-service starts on its real stores and says so on its readiness probe. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@RealInfrastructure
class FeedServiceReadinessTest {

    @LocalServerPort
    int port;

    @Test
    void readinessReportsRedis() throws Exception {
        HttpResponse<String> readiness = Probes.readiness(port);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"redis\":{\"details\"", "\"status\":\"UP\"");
    }
}
