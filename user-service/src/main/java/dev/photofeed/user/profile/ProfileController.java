package dev.photofeed.user.profile;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProfileController {

    private final Profiles profiles;

    ProfileController(Profiles profiles) {
        this.profiles = profiles;
    }

    @GetMapping("/api/users/{id}")
    Profile profile(@PathVariable String id) {
        return profiles.require(Profiles.pathId(id));
    }
}
