package dev.photofeed.user.seeding;

import dev.photofeed.common.web.ApiException;
import dev.photofeed.user.account.SignUp;
import dev.photofeed.user.account.SignUpRequest;
import dev.photofeed.user.follow.FollowGraph;
import dev.photofeed.user.profile.Profiles;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /internal/accounts}: many accounts in one call, for {@code ./stack seed} (see {@link SeedAccounts});
 * {@code POST /internal/follows}: one user's follows in one call ({@link FollowGraph#followAll}).
 * Off by default: without {@code photofeed.seeding.enabled} (PHOTOFEED_SEEDING_ENABLED) this controller does not
 * exist and the path is a 404 like any unknown one. Under /internal, so the gateway never routes it.
 */
@RestController
@ConditionalOnBooleanProperty(SeedingController.SWITCH)
class SeedingController {

    static final String SWITCH = "photofeed.seeding.enabled";
    static final int MAX_BATCH = 1000;
    /** Enough of a bad batch's errors to fix it, not one per account. */
    private static final int ERRORS_SHOWN = 10;

    record SeedRequest(@NotNull String password,
                       @NotNull @Size(min = 1, max = MAX_BATCH, message = "must hold 1 to " + MAX_BATCH + " accounts")
                       List<SignUp.NewAccount> accounts) {

        @Override
        public String toString() {
            return "SeedRequest[" + (accounts == null ? 0 : accounts.size()) + " accounts]"; // never the password
        }
    }

    record SeedResponse(List<SeedAccounts.Seeded> accounts) {
    }

    record FollowsRequest(@NotNull String followerId,
                          @NotNull @Size(min = 1, max = MAX_BATCH, message = "must hold 1 to " + MAX_BATCH + " ids")
                          List<@NotNull String> followeeIds) {
    }

    /** {@code changed}: the follows that were new (a rerun changes none). */
    record FollowsResponse(int changed) {
    }

    private final SeedAccounts seed;
    private final FollowGraph follows;
    private final Validator validator;

    SeedingController(SeedAccounts seed, FollowGraph follows, Validator validator) {
        this.seed = seed;
        this.follows = follows;
        this.validator = validator;
    }

    @PostMapping("/internal/follows")
    FollowsResponse follow(@Valid @RequestBody FollowsRequest request) {
        List<Long> followees = request.followeeIds().stream().map(Profiles::pathId).toList();
        return new FollowsResponse(follows.followAll(Profiles.pathId(request.followerId()), followees));
    }

    @PostMapping("/internal/accounts")
    SeedResponse create(@Valid @RequestBody SeedRequest request) {
        check(request);
        return new SeedResponse(seed.signUpOrLogIn(request.password(), request.accounts()));
    }

    /** Each account must be one the public sign-up would take (its own rules, checked as a SignUpRequest), and each name appear once. */
    private void check(SeedRequest request) {
        Set<String> errors = new LinkedHashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < request.accounts().size(); i++) {
            SignUp.NewAccount account = request.accounts().get(i);
            if (account == null) {
                errors.add("accounts[" + i + "]: must not be null");
                continue;
            }
            for (ConstraintViolation<SignUpRequest> v : validator.validate(new SignUpRequest(account.username(), request.password(), account.displayName()))) {
                String field = v.getPropertyPath().toString();
                errors.add((field.equals("password") ? field : "accounts[" + i + "]." + field) + ": " + v.getMessage());
            }
            if (account.username() != null && !names.add(account.username())) {
                errors.add("accounts[" + i + "].username: " + account.username() + " appears twice");
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.badRequest("invalid-request", String.join("; ", errors.stream().limit(ERRORS_SHOWN).toList()));
        }
    }
}
