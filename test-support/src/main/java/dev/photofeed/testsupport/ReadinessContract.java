package dev.photofeed.testsupport;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service promises its load balancer: the readiness probe answers 200 once the service has started
 * and warmed its connections, and leaves the stores out (a dead store fails only the calls that need it, so it
 * must not take every replica out of rotation); the stores show in the health endpoint instead. A service's test
 * class (a {@code @SpringBootTest} on a random port) implements this and says which stores.
 */
public interface ReadinessContract {

    /** Health contributors of the stores the service uses, e.g. "shards", "redis". */
    List<String> storeComponents();

    @Test
    default void readinessIsUpAndLeavesTheStoresToTheHealthEndpoint(@LocalManagementPort int port) throws Exception {
        HttpResponse<String> readiness = Probes.readiness(port);
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"readinessState\":{");
        HttpResponse<String> health = Probes.health(port);
        for (String component : storeComponents()) {
            assertThat(readiness.body()).as("readiness").doesNotContain("\"" + component + "\":{");
            assertThat(health.body()).as("health").contains("\"" + component + "\":{");
        }
    }
}
