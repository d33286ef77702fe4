package dev.photofeed.user.internal;

import dev.photofeed.common.web.Page;
import dev.photofeed.user.follow.FollowGraph;
import dev.photofeed.user.profile.Profiles;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * For fan-out (feed-service): a user's follower ids in big pages, so streaming 100k followers is 20 cheap
 * requests. Under /internal: reachable service to service, never routed by the gateway.
 */
@RestController
class InternalFollowersController {

    static final int DEFAULT_LIMIT = 5000;
    static final int MAX_LIMIT = 10_000;

    private final FollowGraph graph;

    InternalFollowersController(FollowGraph graph) {
        this.graph = graph;
    }

    @GetMapping("/internal/users/{id}/followers")
    Page<String> followerIds(@PathVariable String id, @RequestParam(required = false) Integer limit,
                             @RequestParam(required = false) String cursor) {
        return graph.followerIds(Profiles.pathId(id), Page.limit(limit, DEFAULT_LIMIT, MAX_LIMIT), cursor);
    }
}
