package dev.photofeed.testsupport;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * A service's configuration as it binds it, for tests and benches that run without a context: its
 * application.yml over common's shared defaults (as {@code ServiceDefaults} stacks them), {@code overrides} on top.
 */
public final class ServiceConfiguration {

    private ServiceConfiguration() {
    }

    public static Binder binder(Map<String, Object> overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        try {
            for (String file : List.of("application.yml", "photofeed-service-defaults.yml")) {
                new YamlPropertySourceLoader().load(file, new ClassPathResource(file)).forEach(environment.getPropertySources()::addLast);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Binder.get(environment);
    }
}
