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
import java.util.UUID;

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
        PublicApi api = PublicApi.toServices("http://127.0.0.1:" + port, "http://unused", "http://unused");
        PublicApi.User existing = api.newUser("turns");
        String newcomer = "n" + UUID.randomUUID().toString().substring(0, 8);
        Bulkhead turns = passwords.turns();
        double refusedBefore = meters.counter("photofeed.passwords.refused").count();

        assertThat(turns.tryAcquirePermission()).as("the one turn").isTrue();
        try {
            PublicApi.Answer signUp = api.call("POST", "/api/users", null,
                    Map.of("username", newcomer, "password", "correct horse battery", "displayName", "N"));
            PublicApi.Answer logIn = api.call("POST", "/api/auth/token", null,
                    Map.of("username", existing.username(), "password", "password-" + existing.username()));
            for (PublicApi.Answer refused : java.util.List.of(signUp, logIn)) {
                assertThat(refused.status()).as(refused.call()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(refused.json().path("type").asString()).endsWith("/busy");
            }
        } finally {
            turns.onComplete();
        }
        assertThat(meters.counter("photofeed.passwords.refused").count() - refusedBefore).isEqualTo(2);

        assertThat(api.call("POST", "/api/users", null,
                Map.of("username", newcomer, "password", "correct horse battery", "displayName", "N")).status())
                .as("with the turn back the sign-up goes through: the refused one left no account holding the name").isEqualTo(201);
        assertThat(api.call("POST", "/api/auth/token", null,
                Map.of("username", existing.username(), "password", "password-" + existing.username())).status()).isEqualTo(200);
    }
}
