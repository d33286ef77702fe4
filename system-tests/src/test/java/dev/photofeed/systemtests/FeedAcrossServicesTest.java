package dev.photofeed.systemtests;

import dev.photofeed.testsupport.PublicApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed where the services meet, through the gateway: a photo posted on media-service reaches a follower's
 * feed through {@code photo-events}; a follow made on user-service brings the followee's earlier posts into the
 * follower's feed through {@code user-events} (the backfill), and an unfollow takes them out again.
 * feed-service's own tests stand in for its peers; this one runs the real ones.
 */
class FeedAcrossServicesTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private final RunningStack stack = RunningStack.get();
    private final PublicApi client = PublicApi.throughGateway(stack.gateway());

    @Test
    void aPostReachesFollowers_aFollowBackfillsEarlierPosts_andAnUnfollowTakesThemOut() {
        PublicApi.User owner = client.newUser("across_owner");
        PublicApi.User follower = client.newUser("across_follower");
        PublicApi.User newcomer = client.newUser("across_newcomer");
        client.follow(follower, owner);

        String first = client.post(owner, "first");
        assertThat(feedOnce(follower, f -> f.contains(first))).containsExactly(first);
        String second = client.post(owner, "second");
        assertThat(feedOnce(follower, f -> f.size() == 2)).containsExactly(second, first);

        // read once, so the newcomer's timeline is warm (kept, if it was cold): the posts can only come by backfill
        assertThat(client.wholeFeed(newcomer)).isEmpty();
        client.follow(newcomer, owner);
        assertThat(feedOnce(newcomer, f -> f.size() == 2)).as("backfilled").containsExactly(second, first);

        client.unfollow(newcomer, owner);
        assertThat(feedOnce(newcomer, List::isEmpty)).as("unfollowed").isEmpty();
        assertThat(client.wholeFeed(follower)).as("the other follower's feed untouched").containsExactly(second, first);
    }

    /** The reader's whole feed once {@code done} holds for it, or as it is after {@link #EVENTUALLY}. */
    private List<String> feedOnce(PublicApi.User reader, Predicate<List<String>> done) {
        try {
            return await().atMost(EVENTUALLY).pollInterval(Duration.ofMillis(200)).until(() -> client.wholeFeed(reader), done);
        } catch (org.awaitility.core.ConditionTimeoutException late) {
            return client.wholeFeed(reader); // the assertion that follows shows what it was
        }
    }
}
