package dev.photofeed.loadtests.scenario;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.http.HttpDsl.http;

/** {@code feed}: warm-timeline feed reads, 20 items, token checked and rate-limited at the gateway. */
public class FeedSimulation extends PhotofeedSimulation {

    public FeedSimulation() {
        super("feed");
        setUp(warmedUp(exec(feed(listFeeder(readers).random()))
                        .exec(measured(http("GET /api/feed").get("/api/feed?limit=20").header("Authorization", "#{auth}"), 200)),
                arrivals()))
                .protocols(protocol)
                // the feed's target (docs/performance.md): p99 ≤ 50 ms, no errors
                .assertions(thresholds(25, 35, 50, 200, 0));
    }
}
