package dev.photofeed.user.auth;

import dev.photofeed.common.web.ApiException;
import dev.photofeed.user.account.Accounts;
import dev.photofeed.user.account.Passwords;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TokenController {

    record TokenRequest(@NotNull @Size(max = 30) String username, @NotNull @Size(max = 128) String password) {

        @Override
        public String toString() {
            return "TokenRequest[username=" + username + "]";
        }
    }

    private final Accounts accounts;
    private final Passwords passwords;
    private final Tokens tokens;
    private final FailedLogIns failures;

    TokenController(Accounts accounts, Passwords passwords, Tokens tokens, FailedLogIns failures) {
        this.accounts = accounts;
        this.passwords = passwords;
        this.tokens = tokens;
        this.failures = failures;
    }

    /**
     * One answer for an unknown name and a wrong password, in the same time: nothing tells which it was. A token
     * is never kept by a cache on the way (RFC 6749, 5.1: {@code no-store}, and {@code Pragma} for HTTP/1.0 ones).
     */
    @PostMapping("/api/auth/token")
    ResponseEntity<Tokens.Issued> token(@Valid @RequestBody TokenRequest request) {
        long failedBefore = failures.check(request.username());
        var account = accounts.byUsername(request.username());
        if (account.isEmpty()) {
            passwords.burnDecoy(request.password());
        }
        if (account.isEmpty() || !passwords.matches(request.password(), account.get().passwordHash())) {
            failures.failed(request.username());
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid-credentials", "unknown username or wrong password");
        }
        failures.succeeded(request.username(), failedBefore);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header(HttpHeaders.PRAGMA, "no-cache")
                .body(tokens.issue(account.get().id(), account.get().username()));
    }
}
