package dev.photofeed.loadtests.scenario;

import dev.photofeed.loadtests.seed.Backoff;
import io.gatling.javaapi.core.Session;

import java.time.Duration;
import java.util.Map;

import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * {@code rate-limit}: one client (one account) wants its feed at the configured rate, above its policy (the
 * gateway allows 100 reads a second). Every refused call is a 429; the client waits exactly
 * {@code Retry-After} when given, otherwise exponential backoff with full jitter ({@link Backoff}), and tries
 * again, up to a few attempts. The summary reports the 429s it took ({@code throttled_requests}) and the calls
 * it gave up on ({@code gave_up}).
 */
public class RateLimitSimulation extends PhotofeedSimulation {

    private static final int ATTEMPTS = 6;

    public RateLimitSimulation() {
        super("rate-limit");
        Map<String, Object> client = readers.getFirst();
        setUp(warmedUp(exec(session -> session.setAll(client).set("attempt", 0).set("done", false))
                .asLongAs(session -> !session.getBoolean("done") && session.getInt("attempt") < ATTEMPTS).on(
                        exec(http("GET /api/feed").get("/api/feed?limit=20").header("Authorization", "#{auth}")
                                .check(status().saveAs("status"), responseTimeInMillis().saveAs("latencyMs"),
                                        header("Retry-After").optional().saveAs("retryAfter"),
                                        status().in(200, 429)))
                                .exec(this::afterAttempt)
                                .doIf(session -> !session.getBoolean("done")).then(
                                        pause(session -> Duration.ofMillis(session.getLong("waitMs")))))
                .exec(session -> {
                    if (!session.getBoolean("done") && !session.scenario().equals(WARM_UP)) {
                        recorder.count("gave_up");
                    }
                    return session;
                }),
                arrivals()))
                .protocols(protocol)
                // 429s are the point here; anything else failing is not
                .assertions(thresholds(50, 100, 250, 1000, 0));
    }

    private Session afterAttempt(Session session) {
        Integer status = session.contains("status") ? session.getInt("status") : null;
        boolean measuring = !session.scenario().equals(WARM_UP);
        if (measuring) {
            recorder.response(status, session.getLong("latencyMs") * 1000);
        }
        int attempt = session.getInt("attempt");
        Session next = session.remove("status").remove("latencyMs").remove("retryAfter").set("attempt", attempt + 1);
        if (status == null || status != 429) {
            return next.set("done", true);
        }
        if (measuring) {
            recorder.count("throttled_requests");
        }
        String retryAfter = session.contains("retryAfter") ? session.getString("retryAfter") : null;
        return next.set("waitMs", Backoff.delay(retryAfter, attempt).toMillis());
    }
}
