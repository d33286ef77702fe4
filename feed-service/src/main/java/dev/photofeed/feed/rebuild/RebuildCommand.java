package dev.photofeed.feed.rebuild;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar feed-service.jar --spring.profiles.active=rebuild}: replays the log into Redis, then
 * closes the application, and the JVM ends (status 1 if the replay failed). The profile keeps the live
 * consumers and the web server off; run it with the feed-service replicas stopped, or they keep writing while
 * the keys are wiped.
 */
@Component
@Profile("rebuild")
class RebuildCommand {

    private final LogReplay replay;
    private final ConfigurableApplicationContext context;

    RebuildCommand(LogReplay replay, ConfigurableApplicationContext context) {
        this.replay = replay;
        this.context = context;
    }

    /**
     * Once every application runner (the warm-up among them) has finished: closing the context from inside a
     * runner would pull it from under the runners that come after, in whatever order they run.
     */
    @EventListener(ApplicationReadyEvent.class)
    void replayThenEnd() {
        replay.replay();
        context.close();
    }
}
