package dev.photofeed.common.events;

import java.util.List;

/**
 * A service's own failures that retrying cannot cure, dead-lettered at once like a {@link PoisonEvent}: declare
 * one as a bean, e.g. {@code new NotRetryable(Upstream.Refused.class)} for a peer's 4xx.
 */
public record NotRetryable(List<Class<? extends Exception>> types) {

    @SafeVarargs
    public NotRetryable(Class<? extends Exception>... types) {
        this(List.of(types));
    }
}
