package dev.photofeed.common.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The breakers common's shared defaults declare, built as a service builds them, with a test's overrides on top. */
public final class SharedBreakers {

    private SharedBreakers() {
    }

    /** {@code overrides}: {@code key=value}, each laid over photofeed-service-defaults.yml. */
    public static CircuitBreakerRegistry registry(String... overrides) {
        return ResilienceAutoConfiguration.circuitBreakers(Binder.get(environment(overrides)));
    }

    static StandardEnvironment environment(String... overrides) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> over = new HashMap<>();
        for (String override : overrides) {
            String[] kv = override.split("=", 2);
            over.put(kv[0], kv[1]);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", over));
        try {
            new YamlPropertySourceLoader().load("shared defaults", new ClassPathResource("photofeed-service-defaults.yml"))
                    .forEach(environment.getPropertySources()::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return environment;
    }
}
