package dev.photofeed.user.auth;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;

/**
 * Rotation where the key file is read-only to user-service (a Kubernetes Secret) and several replicas share it:
 * they cannot rotate it themselves, and a replica restarted onto a new key must not sign with it while another
 * still publishes a set without it. So a key is rolled in two steps, each a new Secret and a rolling restart:
 * {@link #publish} adds a fresh key behind the signing one (every replica publishes it, none signs with it),
 * then {@link #promote} puts it first (it signs; the one before still verifies until the next roll). The
 * image runs it: {@code user-service signing-key publish|promote}, the key set on stdin, the next on stdout
 * (docs/deploy.md, "Rotating the signing key").
 */
public final class SigningKeyRoll {

    public static final String COMMAND = "signing-key";

    private SigningKeyRoll() {
    }

    /** The signing key stays first and a fresh one follows it; any older key is dropped, its tokens long expired. */
    public static JWKSet publish(JWKSet current) {
        List<ECKey> keys = ecKeys(current);
        return new JWKSet(List.<JWK>of(keys.getFirst(), SigningKeys.generate(Instant.now())));
    }

    /** The key {@link #publish} added signs; the one that signed until now stays published to verify its tokens. */
    public static JWKSet promote(JWKSet published) {
        List<ECKey> keys = ecKeys(published);
        if (keys.size() != 2) {
            throw new IllegalArgumentException("promote takes the two keys publish wrote, not " + keys.size());
        }
        return new JWKSet(List.<JWK>of(keys.get(1), keys.get(0)));
    }

    /** The command on the process's stdin and stdout. */
    public static int command(String[] args) {
        return run(List.of(args), System.in, System.out, System.err);
    }

    /** {@code signing-key publish|promote}: the key set on {@code in}, the next one on {@code out}; 0 if it went well. */
    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.size() != 2 || !List.of("publish", "promote").contains(args.get(1))) {
            err.println("usage: " + COMMAND + " publish|promote < signing-keys.json > next-signing-keys.json");
            return 2;
        }
        try {
            JWKSet keys = JWKSet.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            out.println((args.get(1).equals("publish") ? publish(keys) : promote(keys)).toString(false));
            return 0;
        } catch (IOException | ParseException | IllegalArgumentException e) {
            err.println(COMMAND + " " + args.get(1) + ": " + e.getMessage());
            return 1;
        }
    }

    private static List<ECKey> ecKeys(JWKSet set) {
        List<ECKey> keys = set.getKeys().stream().map(JWK::toECKey).toList();
        if (keys.isEmpty() || keys.stream().anyMatch(key -> !key.isPrivate())) {
            throw new IllegalArgumentException("expected user-service's key file (private keys), got "
                    + keys.size() + " key(s)" + (keys.isEmpty() ? "" : ", not all private"));
        }
        return keys;
    }
}
