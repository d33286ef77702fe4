package dev.photofeed.feed.rebuild;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar feed-service.jar --spring.profiles.active=rebuild}: replays the log into Redis, then
 * exits (0 when done). The profile keeps the live consumers and the web server off.
 */
@Component
@Profile("rebuild")
class RebuildCommand implements ApplicationRunner {

    private final LogReplay replay;
    private final ConfigurableApplicationContext context;

    RebuildCommand(LogReplay replay, ConfigurableApplicationContext context) {
        this.replay = replay;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        replay.replay();
        System.exit(SpringApplication.exit(context, () -> 0));
    }
}
