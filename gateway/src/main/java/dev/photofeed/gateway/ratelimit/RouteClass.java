package dev.photofeed.gateway.ratelimit;

import dev.photofeed.gateway.routing.RouteMetadata;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.http.HttpMethod;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/** Calls are limited by class: what they cost the system differs by orders of magnitude. */
public enum RouteClass {

    READS("reads", new RateLimitProperties.Limit(100, Duration.ofSeconds(1), 100)),
    WRITES("writes", new RateLimitProperties.Limit(20, Duration.ofSeconds(1), 20)),
    UPLOADS("uploads", new RateLimitProperties.Limit(1, Duration.ofSeconds(1), 5)),
    /** sign-up and log-in: slow on purpose (password hashing) and the target of credential stuffing */
    AUTH("auth", new RateLimitProperties.Limit(10, Duration.ofMinutes(1), 5)),
    /**
     * a call whose token is not yet verified (new, or forged), by address, before the signature check; a user's
     * next calls are known to the verified-token cache and limited by user. Room for a room of people behind one
     * address logging in at once; a flood of forged tokens costs at most 100 checks a second per address
     */
    UNVERIFIED("unverified", new RateLimitProperties.Limit(100, Duration.ofSeconds(1), 200));

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

    /**
     * A read is any GET or HEAD; any other call is of its route's declared class (the {@code rate-limit-class}
     * in its metadata), or a write.
     */
    public static RouteClass of(HttpMethod method, Route route) {
        if (HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method)) {
            return READS;
        }
        return (route == null ? Optional.<String>empty() : RouteMetadata.rateLimitClass(route))
                .map(RouteClass::labelled).orElse(WRITES);
    }

    private static RouteClass labelled(String label) {
        return Arrays.stream(values()).filter(c -> c.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalStateException("route metadata names rate-limit class '" + label
                        + "'; the classes are " + Arrays.stream(values()).map(RouteClass::label).toList()));
    }
}
