package dev.photofeed.localstack.testsupport;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every service promises its load balancer: the readiness probe answers 200 once the service runs,
 * and lists the stores it depends on. A service's test class implements this and says which stores.
 */
public interface ReadinessContract {

    int port();

    /** Health contributors that must be in the readiness group, e.g. "shards", "redis". */
    List<String> readinessComponents();

    @Test
    default void readinessIsUpAndCoversEveryStore() throws Exception {
        HttpResponse<String> readiness = Probes.readiness(port());
        assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
        for (String component : readinessComponents()) {
            assertThat(readiness.body()).contains("\"" + component + "\":{");
        }
    }
}
