package dev.photofeed.user.account;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Argon2id password hashes with OWASP's recommended cost (19 MiB of memory, 2 passes, 1 lane): slow and
 * memory-hard on purpose, so a stolen table is expensive to guess through. The salt is random per hash and
 * stored in the encoded hash.
 */
@Component
public class Passwords {

    private final Argon2PasswordEncoder argon2 = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    /** Checked against when the username is unknown, so a login takes as long whether or not it exists. */
    private final String decoy = argon2.encode("decoy password, never matches");

    public String hash(String password) {
        return argon2.encode(password);
    }

    public boolean matches(String password, String hash) {
        return argon2.matches(password, hash);
    }

    public void burnDecoy(String password) {
        argon2.matches(password, decoy);
    }
}
