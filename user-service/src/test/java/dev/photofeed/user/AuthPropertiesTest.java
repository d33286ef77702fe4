package dev.photofeed.user;

import dev.photofeed.common.auth.TokenVerificationProperties;
import dev.photofeed.user.auth.AuthProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The signing side's {@code photofeed.auth.*}, beside common's verifying side of the same prefix. */
class AuthPropertiesTest {

    private final Binder nothingSet = new Binder();

    @Test
    void nothingSetKeepsTheKeysInTheWorkingDirectory() {
        assertThat(nothingSet.bindOrCreate("photofeed.auth", AuthProperties.class).keyDir()).isEqualTo(Path.of("keys"));
    }

    @Test
    void signerAndVerifierDefaultToTheSameIssuer() {
        assertThat(nothingSet.bindOrCreate("photofeed.auth", AuthProperties.class).issuer())
                .isEqualTo(nothingSet.bindOrCreate("photofeed.auth", TokenVerificationProperties.class).issuer());
    }
}
