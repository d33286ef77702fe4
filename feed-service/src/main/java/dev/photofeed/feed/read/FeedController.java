package dev.photofeed.feed.read;

import dev.photofeed.common.auth.Caller;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class FeedController {

    private final FeedReader reader;

    FeedController(FeedReader reader) {
        this.reader = reader;
    }

    /** The caller's home feed, newest first: a page of photo metadata. */
    @GetMapping("/api/feed")
    ResponseEntity<String> feed(Caller caller, @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(reader.read(caller.id(), limit, cursor));
    }
}
