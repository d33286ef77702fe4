package dev.photofeed.gateway.edge;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.cloud.gateway.config.GatewayProperties;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The time limits the routes of application.yml declare, by breaker: the upload route's, and no other. */
class RouteTimeLimitsTest {

    private static Map<String, Duration> limits(String... overrides) throws Exception {
        StandardEnvironment environment = new StandardEnvironment();
        new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
                .forEach(environment.getPropertySources()::addLast);
        for (String override : overrides) {
            String[] kv = override.split("=", 2);
            environment.getSystemProperties().put(kv[0], kv[1]);
        }
        try {
            GatewayProperties gateway = Binder.get(environment)
                    .bind("spring.cloud.gateway.server.webflux", GatewayProperties.class).get();
            return EdgeResilience.timeLimitsByBreaker(gateway);
        } finally {
            for (String override : overrides) {
                environment.getSystemProperties().remove(override.split("=", 2)[0]);
            }
        }
    }

    @Test
    void onlyTheUploadBreakerHasALimitOfItsOwn() throws Exception {
        assertThat(limits()).isEqualTo(Map.of("uploads", Duration.ofSeconds(60)));
    }

    @Test
    void theUploadLimitIsTheKnobItNames() throws Exception {
        assertThat(limits("photofeed.edge.upload-timeout=90s")).isEqualTo(Map.of("uploads", Duration.ofSeconds(90)));
    }
}
