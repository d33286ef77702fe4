package dev.photofeed.user.follow;

import dev.photofeed.common.auth.Caller;
import dev.photofeed.common.web.Page;
import dev.photofeed.user.account.UserSummary;
import dev.photofeed.user.profile.Profiles;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FollowController {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;

    private final FollowGraph graph;

    FollowController(FollowGraph graph) {
        this.graph = graph;
    }

    @PutMapping("/api/users/me/following/{id}")
    ResponseEntity<Void> follow(Caller caller, @PathVariable String id) {
        graph.follow(caller.id(), Profiles.pathId(id));
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/users/me/following/{id}")
    ResponseEntity<Void> unfollow(Caller caller, @PathVariable String id) {
        graph.unfollow(caller.id(), Profiles.pathId(id));
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/users/{id}/followers")
    Page<UserSummary> followers(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor) {
        return graph.followers(Profiles.pathId(id), Page.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), cursor);
    }

    @GetMapping("/api/users/{id}/following")
    Page<UserSummary> following(@PathVariable String id, @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor) {
        return graph.following(Profiles.pathId(id), Page.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), cursor);
    }
}
