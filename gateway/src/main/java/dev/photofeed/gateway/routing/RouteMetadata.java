package dev.photofeed.gateway.routing;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.route.RouteDefinition;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * What a route's configuration says about it besides where it goes: the {@code metadata} of each route in
 * application.yml. A route's rate-limit class and its time limit are declared there, beside its path, so
 * neither is matched again in code.
 */
public final class RouteMetadata {

    /** The rate-limit class of the route's calls other than reads ({@code auth}, {@code uploads}); else writes. */
    public static final String RATE_LIMIT_CLASS = "rate-limit-class";
    /** How long the route's service may take to answer; else {@code photofeed.edge.timeout}. */
    public static final String TIME_LIMIT = "time-limit";

    private RouteMetadata() {
    }

    public static Optional<String> rateLimitClass(Route route) {
        return text(route.getMetadata(), RATE_LIMIT_CLASS);
    }

    public static Optional<Duration> timeLimit(Route route) {
        return text(route.getMetadata(), TIME_LIMIT).map(DurationStyle::detectAndParse);
    }

    public static Optional<Duration> timeLimit(RouteDefinition route) {
        return text(route.getMetadata(), TIME_LIMIT).map(DurationStyle::detectAndParse);
    }

    private static Optional<String> text(Map<String, Object> metadata, String key) {
        return Optional.ofNullable(metadata.get(key)).map(Object::toString);
    }
}
