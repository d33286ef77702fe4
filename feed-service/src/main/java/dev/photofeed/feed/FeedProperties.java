package dev.photofeed.feed;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The feed's knobs ({@code photofeed.feed.*}), each overridable by an environment variable.
 *
 * @param precompute        fan-out on write; off, feeds are gathered on every read from the follow list
 * @param celebrityThreshold owners with more followers than this are merged on read instead of fanned out
 * @param timelineCap       entries kept per timeline (and per owner's recent-posts list), as Twitter keeps 800
 * @param trimEvery         one post in this many trims the timelines it is inserted into (1: every insert)
 * @param summaryTtl        how long a post summary stays in Redis; a missing one is fetched from media-service
 * @param fanoutBatch       Redis commands sent per pipelined flush on the fan-out connection
 * @param followersPage     followers asked of user-service per page while fanning out
 * @param recentFollowWindow how long a follow change is remembered to correct user-service's followers list,
 *                          which applies follows asynchronously
 * @param rebuildDeadline   how long a cold-timeline rebuild may gather before it answers with what it has
 * @param rebuildParallelism followees whose posts are fetched at once during a rebuild
 * @param peerTimeout       how long one call to user- or media-service may take (each retry has its own)
 */
@ConfigurationProperties("photofeed.feed")
public record FeedProperties(@DefaultValue Precompute precompute,
                           @DefaultValue("10000") int celebrityThreshold,
                           @DefaultValue("800") int timelineCap,
                           @DefaultValue("8") int trimEvery,
                           @DefaultValue("1d") Duration summaryTtl,
                           @DefaultValue("1000") int fanoutBatch,
                           @DefaultValue("5000") int followersPage,
                           @DefaultValue("10m") Duration recentFollowWindow,
                           @DefaultValue("2s") Duration rebuildDeadline,
                           @DefaultValue("16") int rebuildParallelism,
                           @DefaultValue("1s") Duration peerTimeout) {

    public record Precompute(@DefaultValue("true") boolean enabled) {
    }
}
