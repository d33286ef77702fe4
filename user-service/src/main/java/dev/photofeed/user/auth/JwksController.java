package dev.photofeed.user.auth;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

/** The public keys that verify tokens, for the gateway and the services. Internal: the gateway routes only /api/**. */
@RestController
class JwksController {

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping("/internal/jwks.json")
    Map<String, Object> jwks() {
        return keys.publicJwks();
    }
}
