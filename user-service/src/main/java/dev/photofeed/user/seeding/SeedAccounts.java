package dev.photofeed.user.seeding;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.user.account.Accounts;
import dev.photofeed.user.account.Passwords;
import dev.photofeed.user.account.SignUp;
import dev.photofeed.user.auth.Tokens;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Signs a batch of accounts up, or logs them in, for filling a stack with test users fast. Argon2id at full
 * cost is what limits one-by-one sign-up and log-in (two hashes per account), so here the password is hashed
 * once per batch and every new account of the batch stores that hash; an existing account's hash is checked
 * only if it is not one already checked in this batch, so a rerun costs a check or two per batch. Shared
 * hashes are fine for test accounts and only for them: this runs only with {@code photofeed.seeding.enabled}.
 */
@Service
@ConditionalOnBooleanProperty(SeedingController.SWITCH)
class SeedAccounts {

    /** One account of the answer: {@code created} is false for one that existed and was logged into. */
    record Seeded(String id, String username, String accessToken, boolean created) {
    }

    private final Accounts accounts;
    private final SignUp signUp;
    private final Passwords passwords;
    private final Tokens tokens;

    SeedAccounts(Accounts accounts, SignUp signUp, Passwords passwords, Tokens tokens) {
        this.accounts = accounts;
        this.signUp = signUp;
        this.passwords = passwords;
        this.tokens = tokens;
    }

    /** The accounts, in order; a wrong password for an existing name refuses the batch before anything is written. */
    List<Seeded> signUpOrLogIn(String password, List<SignUp.NewAccount> batch) {
        Map<String, Accounts.Credentials> existing = accounts.byUsernames(batch.stream().map(SignUp.NewAccount::username).toList());
        Set<String> matchingHashes = new HashSet<>();
        for (Accounts.Credentials account : existing.values()) {
            if (!matchingHashes.contains(account.passwordHash())) {
                if (!passwords.matches(password, account.passwordHash())) {
                    throw new ApiException(HttpStatus.CONFLICT, "username-taken",
                            "username " + account.username() + " exists with another password");
                }
                matchingHashes.add(account.passwordHash());
            }
        }
        List<SignUp.NewAccount> fresh = batch.stream().filter(a -> !existing.containsKey(a.username())).toList();
        long[] freshIds = fresh.isEmpty() ? new long[0] : signUp.createAll(fresh, passwords.hash(password));
        List<Seeded> seeded = new ArrayList<>(batch.size());
        int next = 0;
        for (SignUp.NewAccount account : batch) {
            Accounts.Credentials known = existing.get(account.username());
            long id = known != null ? known.id() : freshIds[next++];
            seeded.add(new Seeded(PhotofeedId.format(id), account.username(), tokens.issue(id, account.username()).accessToken(), known == null));
        }
        return seeded;
    }
}
