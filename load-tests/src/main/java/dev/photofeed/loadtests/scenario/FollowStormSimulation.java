package dev.photofeed.loadtests.scenario;

import io.gatling.javaapi.core.OpenInjectionStep;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.listFeeder;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * {@code follow-storm}: follow/unfollow bursts. Every four seconds a one-second burst at four times the rate, then
 * quiet: the same average as the other scenarios, but the follow graph, the outbox and the feed's backfill
 * see spikes. Each arrival follows a random account and unfollows it again.
 */
public class FollowStormSimulation extends PhotofeedSimulation {

    public FollowStormSimulation() {
        super("follow-storm");
        long[] accounts = credentials.accounts().stream().mapToLong(a -> a.id()).toArray();
        setUp(warmedUp(feed(listFeeder(readers).random())
                .exec(session -> session.set("targetId", other(accounts, session.getLong("userId"))))
                .exec(measured(http("PUT /api/users/me/following/{id}").put("/api/users/me/following/#{targetId}")
                        .header("Authorization", "#{auth}"), 204))
                .exec(measured(http("DELETE /api/users/me/following/{id}").delete("/api/users/me/following/#{targetId}")
                        .header("Authorization", "#{auth}"), 204)),
                bursts()))
                .protocols(protocol)
                .assertions(thresholds(100, 200, 500, 1000, 0));
    }

    /** Arrivals average the rate, all of them in the first second of every four (Gatling injects by whole seconds). */
    private OpenInjectionStep[] bursts() {
        List<OpenInjectionStep> steps = new ArrayList<>();
        long cycles = Math.max(1, Math.round(settings.duration().toSeconds() / 4.0));
        for (long c = 0; c < cycles; c++) {
            steps.add(constantUsersPerSec(settings.rate() * 4).during(Duration.ofSeconds(1)));
            steps.add(nothingFor(Duration.ofSeconds(3)));
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }

    /** A random account that is not {@code self} (following oneself is a 422). */
    private static long other(long[] accounts, long self) {
        long pick;
        do {
            pick = accounts[ThreadLocalRandom.current().nextInt(accounts.length)];
        } while (pick == self);
        return pick;
    }
}
