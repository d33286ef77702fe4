package dev.photofeed.common.observability;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The settings every service shares, stated once in {@value #FILE}: which actuator endpoints are exposed, that
 * readiness is the process's own state and not its stores', and JSON logs with the trace ids. They sit beneath
 * everything else (the service's application.yml, the environment), so any of them can still be overridden.
 */
public final class ServiceDefaults implements EnvironmentPostProcessor {

    static final String FILE = "photofeed-service-defaults.yml";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        try {
            new YamlPropertySourceLoader().load("photofeed service defaults (" + FILE + ")", new ClassPathResource(FILE))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(FILE + " could not be read", e);
        }
    }
}
