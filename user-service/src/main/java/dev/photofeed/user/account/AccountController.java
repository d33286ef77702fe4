package dev.photofeed.user.account;

import jakarta.validation.Valid;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

@RestController
class AccountController {

    private final SignUp signUp;

    AccountController(SignUp signUp) {
        this.signUp = signUp;
    }

    @PostMapping("/api/users")
    ResponseEntity<UserSummary> create(@Valid @RequestBody SignUpRequest request) {
        UserSummary user = signUp.create(request);
        return ResponseEntity.created(URI.create("/api/users/" + user.id())).body(user);
    }
}
