package dev.photofeed.user.account;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.passwords.*}: how many Argon2 hashes run at once, and how long a call waits for a turn.
 *
 * @param maxConcurrentHashes hashes at once (PHOTOFEED_PASSWORDS_MAXCONCURRENTHASHES); unset, one per core
 * @param maxWait             how long a sign-up or log-in waits for a turn before it is refused with 503
 */
@ConfigurationProperties("photofeed.passwords")
public record PasswordProperties(Integer maxConcurrentHashes, @DefaultValue("500ms") Duration maxWait) {

    int concurrency() {
        return maxConcurrentHashes == null ? Runtime.getRuntime().availableProcessors() : maxConcurrentHashes;
    }
}
