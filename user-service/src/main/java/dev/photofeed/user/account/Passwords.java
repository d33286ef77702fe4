package dev.photofeed.user.account;

import dev.photofeed.common.web.ApiException;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

import java.util.function.Supplier;

/**
 * Argon2id password hashes with OWASP's recommended cost (19 MiB of memory, 2 passes, 1 lane): slow and
 * memory-hard on purpose, so a stolen table is expensive to guess through. The salt is random per hash and
 * stored in the encoded hash.
 *
 * <p>That cost is also an attack surface: a burst of log-ins would run as many hashes at once as there are
 * request threads, each holding a core and 19 MiB. A bulkhead ({@link PasswordProperties}) lets one hash per
 * core run; a call that cannot get a turn within {@code max-wait} is refused with 503 and {@code Retry-After},
 * before anything is written, instead of piling up behind the others (counted in
 * {@code photofeed.passwords.refused}).
 */
@Component
@EnableConfigurationProperties(PasswordProperties.class)
public class Passwords {

    private final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    /** Checked against when the username is unknown, so a login takes as long whether or not it exists. */
    private final String decoy = argon2.encode("decoy password, never matches");
    private final Bulkhead turns;
    private final Counter refused;

    public Passwords(PasswordProperties settings, MeterRegistry meters) {
        this.turns = Bulkhead.of("password-hashing", BulkheadConfig.custom()
                .maxConcurrentCalls(settings.concurrency())
                .maxWaitDuration(settings.maxWait())
                .build());
        this.refused = meters.counter("photofeed.passwords.refused");
    }

    public String hash(String password) {
        return inTurn(() -> argon2.encode(password));
    }

    public boolean matches(String password, String hash) {
        return inTurn(() -> argon2.matches(password, hash));
    }

    public void burnDecoy(String password) {
        inTurn(() -> argon2.matches(password, decoy));
    }

    private <T> T inTurn(Supplier<T> hashing) {
        try {
            return turns.executeSupplier(hashing);
        } catch (BulkheadFullException busy) {
            refused.increment();
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "busy",
                    "too many sign-ups and log-ins at once; try again shortly");
        }
    }

    /** The turns, for a test that takes them all. */
    Bulkhead turns() {
        return turns;
    }
}
