package dev.photofeed.gateway;

import dev.photofeed.common.resilience.ResilienceAutoConfiguration;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** The gateway's configuration as it binds it, for tests and benches that run without a context. */
public final class GatewaySettings {

    private GatewaySettings() {
    }

    /** application.yml over common's shared defaults, as the gateway stacks them, with {@code overrides} on top. */
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

    /** The breakers application.yml declares. */
    public static CircuitBreakerRegistry breakers() {
        return ResilienceAutoConfiguration.circuitBreakers(binder(Map.of()));
    }
}
