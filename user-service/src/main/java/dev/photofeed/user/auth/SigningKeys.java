package dev.photofeed.user.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The ES256 (P-256) key pairs that sign tokens, kept as a JWK set in {@code <key-dir>/signing-keys.json}
 * (made on first start, owner-readable only). The newest key signs; the one before it still verifies.
 *
 * <p>Rotation: when the signing key is older than {@code rotate-after}, a new key is made and put first,
 * and the previous one stays published until the next rotation. Tokens live minutes and keys weeks, so
 * every token still unexpired was signed by one of the two published keys: verifiers that refetch the JWKS
 * when they meet an unknown {@code kid} never reject a valid token across a rotation.
 *
 * <p>As a {@link JWKSource} it is also the key source of this service's own token checks (common's
 * {@code TokenVerifier}), so user-service verifies against its keys in memory instead of fetching its JWKS.
 *
 * <p>Replicas of user-service must share one key file (a shared volume or secret), or each would sign with
 * keys the others do not publish; the file is re-read only at start. Every key in the file is published, the
 * first signs: where the file is read-only (a Kubernetes Secret), keys are rolled from outside in two restarts,
 * publish then sign ({@link SigningKeyRoll}).
 */
@Component
@EnableConfigurationProperties(SigningProperties.class)
public class SigningKeys implements JWKSource<SecurityContext> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);
    private static final int PUBLISHED = 2;

    private final Path file;
    private final SigningProperties settings;
    private final Clock clock = Clock.systemUTC();
    private volatile List<ECKey> keys; // newest first

    public SigningKeys(SigningProperties settings) {
        this.settings = settings;
        this.file = settings.keyDir().resolve("signing-keys.json");
        this.keys = Files.exists(file) ? load(file) : List.of();
        if (keys.isEmpty() || due()) {
            rotate();
        }
    }

    /** The key that signs new tokens, rotated first when it is due. */
    public ECKey current() {
        if (due()) {
            synchronized (this) {
                if (due()) {
                    rotate();
                }
            }
        }
        return keys.getFirst();
    }

    /** The public halves, as a JWKS document. */
    public Map<String, Object> publicJwks() {
        return publicKeys().toJSONObject();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) {
        return selector.select(publicKeys());
    }

    private JWKSet publicKeys() {
        return new JWKSet(List.<JWK>copyOf(keys)).toPublicJWKSet();
    }

    /** Makes a new signing key; the current one stays valid for verifying, any older one is dropped. */
    public synchronized void rotate() {
        ECKey fresh = generate(clock.instant());
        List<ECKey> next = Stream.concat(Stream.of(fresh), keys.stream()).limit(PUBLISHED).toList();
        save(next);
        keys = next;
        log.info("signing key {} made in {}; {} key(s) published", fresh.getKeyID(), file, next.size());
    }

    /** A new ES256 signing key, issued at {@code now}. */
    static ECKey generate(Instant now) {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .issueTime(Date.from(now))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        }
    }

    private boolean due() {
        Date issued = keys.isEmpty() ? null : keys.getFirst().getIssueTime();
        return issued == null || issued.toInstant().plus(settings.rotateAfter()).isBefore(Instant.now(clock));
    }

    private static List<ECKey> load(Path file) {
        try {
            return JWKSet.parse(Files.readString(file)).getKeys().stream().map(JWK::toECKey).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ParseException e) {
            throw new IllegalStateException(file + " is not a JWK set", e);
        }
    }

    /** Written to a temporary file and moved into place, so a crash never leaves half a key file. */
    private void save(List<ECKey> next) {
        try {
            Files.createDirectories(file.getParent() == null ? Path.of(".") : file.getParent());
            Path temporary = Files.createTempFile(file.toAbsolutePath().getParent(), "signing-keys", ".tmp");
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the directory's ACL applies
            }
            Files.writeString(temporary, new JWKSet(List.<JWK>copyOf(next)).toString(false));
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
