package dev.photofeed.user.auth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jwt.SignedJWT;
import dev.photofeed.common.auth.TokenVerificationProperties;
import dev.photofeed.common.auth.TokenVerifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A roll of the key file as Kubernetes does it, replicas restarting one at a time onto each new Secret: at no
 * step does a replica sign with a key another replica's key set lacks, so a verifier that fetched from either
 * accepts every token.
 */
class SigningKeyRollTest {

    private final TokenVerificationProperties verification = new Binder().bindOrCreate("photofeed.auth", TokenVerificationProperties.class);

    @Test
    void publishThenPromoteNeverSignsWithAKeyAnotherReplicaDoesNotPublish(@TempDir Path dir) throws Exception {
        SigningKeys before = replica(dir.resolve("before"), null);
        String first = before.current().getKeyID();

        JWKSet published = SigningKeyRoll.publish(fileOf(dir.resolve("before")));
        SigningKeys publishing = replica(dir.resolve("published"), published);
        assertThat(publishing.current().getKeyID()).as("still signs with the key it signed with").isEqualTo(first);
        assertThat(kids(publishing)).hasSize(2).startsWith(first);
        String fresh = kids(publishing).get(1);
        assertTokensCross(before, publishing);

        SigningKeys promoted = replica(dir.resolve("promoted"), SigningKeyRoll.promote(published));
        assertThat(promoted.current().getKeyID()).as("the published key signs").isEqualTo(fresh);
        assertThat(kids(promoted)).containsExactly(fresh, first);
        assertTokensCross(publishing, promoted);

        JWKSet next = SigningKeyRoll.publish(fileOf(dir.resolve("promoted")));
        assertThat(next.getKeys()).hasSize(2).first().extracting(k -> k.getKeyID()).isEqualTo(fresh);
        assertThat(next.getKeys()).extracting(k -> k.getKeyID()).as("the next roll drops the oldest").doesNotContain(first);
    }

    @Test
    void theCommandReadsAKeyFileAndRefusesAnythingElse(@TempDir Path dir) throws Exception {
        replica(dir, null);
        String file = Files.readString(dir.resolve("signing-keys.json"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(run(List.of("signing-key", "publish"), file, out, err)).isZero();
        assertThat(JWKSet.parse(out.toString(StandardCharsets.UTF_8)).getKeys()).hasSize(2)
                .allSatisfy(key -> assertThat(key.isPrivate()).isTrue());

        assertThat(run(List.of("signing-key", "rotate"), file, out, err)).as("unknown step").isEqualTo(2);
        String publicOnly = JWKSet.parse(file).toPublicJWKSet().toString();
        assertThat(run(List.of("signing-key", "publish"), publicOnly, out, err)).as("the JWKS, not the key file").isEqualTo(1);
        assertThat(run(List.of("signing-key", "promote"), file, out, err)).as("promote before publish").isEqualTo(1);
    }

    /** Each side's tokens verify against the other's published keys (a verifier may have fetched from either). */
    private void assertTokensCross(SigningKeys a, SigningKeys b) throws Exception {
        for (SigningKeys signer : List.of(a, b)) {
            String token = tokens(signer).issue(42, "ada").accessToken();
            for (SigningKeys publisher : List.of(a, b)) {
                TokenVerifier verifier = new TokenVerifier(new ImmutableJWKSet<>(JWKSet.parse(publisher.publicJwks())),
                        verification.issuer(), verification.audience(), 0);
                assertThat(verifier.userId(token)).as(kid(token)).hasValue(42);
            }
        }
    }

    private SigningKeys replica(Path keyDir, JWKSet secret) throws Exception {
        if (secret != null) {
            Files.createDirectories(keyDir);
            Files.writeString(keyDir.resolve("signing-keys.json"), secret.toString(false));
        }
        return new SigningKeys(new SigningProperties(keyDir, Duration.ofMinutes(15), Duration.ofDays(3650)));
    }

    private Tokens tokens(SigningKeys keys) {
        return new Tokens(keys, new SigningProperties(Path.of("unused"), Duration.ofMinutes(15), Duration.ofDays(3650)), verification);
    }

    private static JWKSet fileOf(Path keyDir) throws Exception {
        return JWKSet.parse(Files.readString(keyDir.resolve("signing-keys.json")));
    }

    private static List<String> kids(SigningKeys keys) throws Exception {
        return JWKSet.parse(keys.publicJwks()).getKeys().stream().map(k -> k.getKeyID()).toList();
    }

    private static String kid(String token) {
        try {
            return SignedJWT.parse(token).getHeader().getKeyID();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int run(List<String> args, String in, ByteArrayOutputStream out, ByteArrayOutputStream err) {
        out.reset();
        return SigningKeyRoll.run(args, new ByteArrayInputStream(in.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
