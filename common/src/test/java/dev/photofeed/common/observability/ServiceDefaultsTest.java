package dev.photofeed.common.observability;

import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared settings reach an application through spring.factories, beneath what the application sets itself. */
class ServiceDefaultsTest {

    @Configuration(proxyBeanMethods = false)
    static class AnApplication {
    }

    @Test
    void anApplicationGetsTheSharedSettingsAndCanOverrideEach() {
        // the test JVM's logging stays as it is: the shared settings would switch it to JSON
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(AnApplication.class)
                .web(WebApplicationType.NONE)
                .run("--management.endpoints.web.exposure.include=health", "--spring.main.banner-mode=off")) {
            Environment environment = context.getEnvironment();
            assertThat(environment.getProperty("management.endpoint.health.group.readiness.include")).isEqualTo("readinessState");
            assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
            assertThat(environment.getProperty("logging.structured.format.console")).isEqualTo("logstash");
            assertThat(environment.getProperty("management.endpoints.web.exposure.include")).as("the application's own value wins")
                    .isEqualTo("health");
        } finally {
            System.clearProperty(LoggingSystem.SYSTEM_PROPERTY);
        }
    }
}
