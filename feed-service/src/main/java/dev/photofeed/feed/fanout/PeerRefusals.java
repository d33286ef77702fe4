package dev.photofeed.feed.fanout;

import dev.photofeed.common.events.NotRetryable;
import dev.photofeed.feed.upstream.Upstream;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A peer that refuses a fan-out's call (a 4xx) will refuse it again: such an event goes to the dead-letter topic
 * at once, like a poison one. A peer that is down is retried by common's consumer runtime until it is back.
 */
@Configuration(proxyBeanMethods = false)
class PeerRefusals {

    @Bean
    NotRetryable refusedByPeers() {
        return new NotRetryable(Upstream.Refused.class);
    }
}
