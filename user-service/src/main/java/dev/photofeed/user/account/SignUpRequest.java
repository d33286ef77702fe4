package dev.photofeed.user.account;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/users}. The password is only ever hashed: never logged, never stored as given. */
public record SignUpRequest(
        @NotNull @Pattern(regexp = "[a-z0-9_]{3,30}", message = "must be 3 to 30 of a-z, 0-9 and _") String username,
        @NotNull @Size(min = 10, max = 128, message = "must be 10 to 128 characters") String password,
        @NotBlank @Size(max = 64, message = "must be at most 64 characters") String displayName) {

    @Override
    public String toString() {
        return "SignUpRequest[username=" + username + ", displayName=" + displayName + "]";
    }
}
