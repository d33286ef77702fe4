package dev.photofeed.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway test whose routes all lead to one {@link StubUpstream}, shared by the test JVM. */
public abstract class StubbedUpstreams {

    protected static final StubUpstream UPSTREAM = new StubUpstream();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("photofeed.upstream.user-service", UPSTREAM::url);
        registry.add("photofeed.upstream.media-service", UPSTREAM::url);
        registry.add("photofeed.upstream.feed-service", UPSTREAM::url);
    }
}
