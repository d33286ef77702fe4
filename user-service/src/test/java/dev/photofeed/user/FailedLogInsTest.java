package dev.photofeed.user;

import dev.photofeed.testsupport.PublicApi;
import dev.photofeed.testsupport.RealInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Wrong passwords are counted per account: past the limit its log-ins are 429 until the window ends. */
@RealInfrastructure
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "photofeed.shards.pool-size=4", "photofeed.signing.key-dir=target/test-keys/failed-log-ins",
        "photofeed.log-in.max-failures=3", "photofeed.log-in.window=10m"})
class FailedLogInsTest {

    @LocalServerPort
    int port;

    @Autowired
    StringRedisTemplate redis;

    @Test
    void afterTooManyWrongPasswordsAnAccountsLogInsAreRefusedEvenTheRightOne_otherAccountsAreNot() {
        PublicApi api = PublicApi.toService("http://127.0.0.1:" + port);
        String target = PublicApi.uniqueName("target");
        String bystander = PublicApi.uniqueName("bystander");
        api.signUp(target);
        api.signUp(bystander);

        for (int guess = 1; guess <= 3; guess++) {
            assertThat(logIn(api, target, "guess " + guess).status()).as("guess %d", guess).isEqualTo(401);
        }
        PublicApi.Answer refused = logIn(api, target, PublicApi.PASSWORD);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("type").asString()).endsWith("/too-many-failed-log-ins");
        assertThat(Long.parseLong(refused.header("Retry-After"))).as("until the window ends").isBetween(1L, 600L);

        assertThat(logIn(api, bystander, PublicApi.PASSWORD).status()).as("another account").isEqualTo(200);
    }

    @Test
    void aLogInThatSucceedsClearsTheCount() {
        PublicApi api = PublicApi.toService("http://127.0.0.1:" + port);
        String user = PublicApi.uniqueName("forgetful");
        api.signUp(user);

        assertThat(logIn(api, user, "wrong").status()).isEqualTo(401);
        assertThat(logIn(api, user, "wrong again").status()).isEqualTo(401);
        assertThat(logIn(api, user, PublicApi.PASSWORD).status()).isEqualTo(200);
        assertThat(logIn(api, user, "wrong").status()).isEqualTo(401);
        assertThat(logIn(api, user, "wrong again").status()).as("two failures since the success: under the limit").isEqualTo(401);
        assertThat(logIn(api, user, PublicApi.PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void aFailureStartsTheWindow_andACountLeftWithoutOneGetsIt() {
        PublicApi api = PublicApi.toService("http://127.0.0.1:" + port);
        String user = PublicApi.uniqueName("windowed");
        api.signUp(user);
        String key = "login:failed:{" + user + "}";

        assertThat(logIn(api, user, "wrong").status()).isEqualTo(401);
        assertThat(redis.getExpire(key, TimeUnit.SECONDS)).as("the window, from the first failure").isBetween(590L, 600L);

        redis.persist(key); // as if a counter had been left without its expiry
        assertThat(logIn(api, user, "wrong again").status()).isEqualTo(401);
        assertThat(redis.opsForValue().get(key)).isEqualTo("2");
        assertThat(redis.getExpire(key, TimeUnit.SECONDS)).as("the next failure gives it one").isBetween(590L, 600L);
    }

    private static PublicApi.Answer logIn(PublicApi api, String username, String password) {
        return api.call("POST", "/api/auth/token", null, Map.of("username", username, "password", password));
    }
}
