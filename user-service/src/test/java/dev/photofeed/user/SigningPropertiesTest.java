package dev.photofeed.user;

import com.nimbusds.jwt.SignedJWT;
import dev.photofeed.common.auth.TokenVerificationProperties;
import dev.photofeed.user.auth.SigningKeys;
import dev.photofeed.user.auth.SigningProperties;
import dev.photofeed.user.auth.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** user-service's {@code photofeed.signing.*}, and the one issuer, common's, that its tokens carry. */
class SigningPropertiesTest {

    private final Binder nothingSet = new Binder();

    @Test
    void nothingSetKeepsTheKeysInTheWorkingDirectory() {
        assertThat(nothingSet.bindOrCreate("photofeed.signing", SigningProperties.class).keyDir()).isEqualTo(Path.of("keys"));
    }

    @Test
    void tokensCarryTheIssuerAndAudienceTheVerifiersCheck(@TempDir Path keys) throws Exception {
        Binder configured = new Binder(new MapConfigurationPropertySource(Map.of("photofeed.auth.issuer", "photofeed-staging",
                "photofeed.auth.audience", "photofeed-staging-api", "photofeed.signing.key-dir", keys.toString())));
        SigningProperties signing = configured.bindOrCreate("photofeed.signing", SigningProperties.class);
        TokenVerificationProperties verification = configured.bindOrCreate("photofeed.auth", TokenVerificationProperties.class);

        Tokens.Issued issued = new Tokens(new SigningKeys(signing), signing, verification).issue(42, "ada");

        var claims = SignedJWT.parse(issued.accessToken()).getJWTClaimsSet();
        assertThat(claims.getIssuer()).isEqualTo("photofeed-staging");
        assertThat(claims.getAudience()).containsExactly("photofeed-staging-api");
    }
}
