package dev.photofeed.user.account;

import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password hashing runs a bounded number at once: with every turn taken, a sign-up or log-in waits at most
 * {@code max-wait}, then is a 503 problem with Retry-After, and the refused sign-up wrote nothing.
 */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/password-turns",
        "photofeed.passwords.max-concurrent-hashes=1", "photofeed.passwords.max-wait=200ms"})
class PasswordTurnsTest {

    @LocalServerPort
    int port;
    @Autowired
    Passwords passwords;
    @Autowired
    MeterRegistry meters;

    @Test
    void withEveryTurnTakenSignUpAndLogInAreRefusedAt503AndNothingIsWritten() {
        PublicApi api = PublicApi.toService("http://127.0.0.1:" + port);
        String existing = PublicApi.uniqueName("turns");
        api.signUp(existing);
        String newcomer = PublicApi.uniqueName("newcomer");
        Bulkhead turns = passwords.turns();
        double refusedBefore = meters.counter("photofeed.passwords.refused").count();

        assertThat(turns.tryAcquirePermission()).as("the one turn").isTrue();
        try {
            PublicApi.Answer signUp = api.call("POST", "/api/users", null,
                    Map.of("username", newcomer, "password", PublicApi.PASSWORD, "displayName", "N"));
            PublicApi.Answer logIn = api.call("POST", "/api/auth/token", null,
                    Map.of("username", existing, "password", PublicApi.PASSWORD));
            for (PublicApi.Answer refused : java.util.List.of(signUp, logIn)) {
                assertThat(refused.status()).as(refused.call()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isEqualTo("1");
                assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
                assertThat(refused.json().path("type").asString()).endsWith("/busy");
            }
        } finally {
            turns.onComplete();
        }
        assertThat(meters.counter("photofeed.passwords.refused").count() - refusedBefore).isEqualTo(2);

        // with the turn back both go through, and the refused sign-up left no account holding the name
        api.signUp(newcomer);
        api.logIn(existing);
    }
}
