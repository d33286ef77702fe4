package dev.photofeed.gateway.ratelimit;

import org.springframework.http.HttpMethod;

import java.time.Duration;

/** Calls are limited by class: what they cost the system differs by orders of magnitude. */
public enum RouteClass {

    READS("reads", new RateLimitProperties.Limit(100, Duration.ofSeconds(1), 100)),
    WRITES("writes", new RateLimitProperties.Limit(20, Duration.ofSeconds(1), 20)),
    UPLOADS("uploads", new RateLimitProperties.Limit(1, Duration.ofSeconds(1), 5)),
    /** sign-up and log-in: slow on purpose (password hashing) and the target of credential stuffing */
    AUTH("auth", new RateLimitProperties.Limit(10, Duration.ofMinutes(1), 5));

    private final String label;
    private final RateLimitProperties.Limit defaults;

    RouteClass(String label, RateLimitProperties.Limit defaults) {
        this.label = label;
        this.defaults = defaults;
    }

    public String label() {
        return label;
    }

    RateLimitProperties.Limit defaults() {
        return defaults;
    }

    public static RouteClass of(HttpMethod method, String path) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return READS;
        }
        if (HttpMethod.POST.equals(method) && (path.equals("/api/users") || path.equals("/api/auth/token"))) {
            return AUTH;
        }
        if (HttpMethod.POST.equals(method) && path.equals("/api/photos")) {
            return UPLOADS;
        }
        return WRITES;
    }
}
