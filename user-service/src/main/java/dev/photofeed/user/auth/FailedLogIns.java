package dev.photofeed.user.auth;

import dev.photofeed.common.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;

/**
 * A throttle per account, beside the gateway's per address: credential stuffing spreads its guesses over many
 * addresses, each under its limit, but they all land on the same accounts. After {@code max-failures} wrong
 * passwords for one username within {@code window} (counted in Redis, shared by the replicas), its log-ins are
 * refused with 429 and {@code Retry-After} until the window ends, before any password is hashed. A log-in that
 * succeeds clears the count. With Redis away the count is not kept and log-ins go on (fail open): the per-address
 * limit and the bounded hashing still hold.
 * <p>
 * Redis work per log-in: one GET, and one script call for a failure, which counts and sets the window in one
 * atomic step (an INCR then an EXPIRE could leave a count without an end, locking the account for good, if the
 * process died between them); a success after failures deletes the count, one after none touches nothing.
 */
@Component
@EnableConfigurationProperties(FailedLogIns.Settings.class)
public class FailedLogIns {

    /**
     * {@code photofeed.log-in.*}.
     *
     * @param maxFailures wrong passwords for one username before its log-ins are refused (PHOTOFEED_LOGIN_MAXFAILURES)
     * @param window      how long a run of failures counts, from the first
     */
    @ConfigurationProperties("photofeed.log-in")
    public record Settings(@DefaultValue("10") int maxFailures, @DefaultValue("15m") Duration window) {
    }

    private static final Logger log = LoggerFactory.getLogger(FailedLogIns.class);
    /** One more failure; the window starts with the first, and a count found without one gets it. */
    private static final RedisScript<Long> COUNT_IN_WINDOW = RedisScript.of("""
            local failures = redis.call('INCR', KEYS[1])
            if failures == 1 or redis.call('PTTL', KEYS[1]) < 0 then
              redis.call('PEXPIRE', KEYS[1], ARGV[1])
            end
            return failures
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Settings settings;
    private final Counter refused;

    FailedLogIns(StringRedisTemplate redis, Settings settings, MeterRegistry meters) {
        this.redis = redis;
        this.settings = settings;
        this.refused = meters.counter("photofeed.login.throttled");
    }

    /**
     * Refuses a log-in for an account that has failed too often lately; otherwise the failures it has lately
     * (0 when Redis cannot tell), for {@link #succeeded}.
     */
    long check(String username) {
        try {
            String failures = redis.opsForValue().get(key(username));
            long count = failures == null ? 0 : Long.parseLong(failures);
            if (count >= settings.maxFailures()) {
                Long seconds = redis.getExpire(key(username));
                refused.increment();
                throw ApiException.tooManyRequests("too-many-failed-log-ins",
                        "too many wrong passwords for this account; try again later",
                        Duration.ofSeconds(seconds == null || seconds < 1 ? 1 : seconds));
            }
            return count;
        } catch (DataAccessException redisAway) {
            log.debug("failed log-ins not checked: {}", redisAway.getMessage());
            return 0;
        }
    }

    void failed(String username) {
        try {
            redis.execute(COUNT_IN_WINDOW, List.of(key(username)), String.valueOf(settings.window().toMillis()));
        } catch (DataAccessException redisAway) {
            log.debug("a failed log-in not counted: {}", redisAway.getMessage());
        }
    }

    /** The log-in succeeded: the failures {@link #check} saw, if any, are forgotten. */
    void succeeded(String username, long failuresBefore) {
        if (failuresBefore == 0) {
            return;
        }
        try {
            redis.delete(key(username));
        } catch (DataAccessException redisAway) {
            log.debug("failed log-ins not cleared: {}", redisAway.getMessage());
        }
    }

    private static String key(String username) {
        return "login:failed:{" + username + "}";
    }
}
