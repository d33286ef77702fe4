package dev.photofeed.feed.timeline;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.feed.FeedProperties;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The timeline store: every Redis key of the feed, in one place.
 * <ul>
 * <li>{@code feed:tl:<user>}: the home timeline, a sorted set of photo ids trimmed to about the cap. The score is
 * the id without its sequence bits (40 bits of milliseconds and 13 of shard fit a double exactly), so score
 * order is time order and the id alone is a stable cursor.</li>
 * <li>{@code feed:warm:<user>}: the timeline is complete. Fan-out may write into a timeline that is not (a
 * partial set); a read without this marker rebuilds the timeline instead of trusting it.</li>
 * <li>{@code feed:post:<photo>}: the post summary, stored once (not per follower) as the exact JSON a feed
 * item is, with a TTL.</li>
 * <li>{@code feed:posts:<owner>}: an owner's recent posts; for celebrities the only copy, merged on read.</li>
 * <li>{@code feed:celebrities} and {@code feed:celebs:<user>}: who is merged on read, and whom a user follows
 * among them.</li>
 * <li>{@code feed:recent:<followee>}: follow changes user-service's followers list may not show yet.</li>
 * <li>{@code feed:edge:<follower>:<followee>}: the last follow version applied; {@code feed:seen:<event>}:
 * events fully applied.</li>
 * </ul>
 */
public class TimelineStore {

    private static final String PREFIX = "feed:";
    /** Ids that share a score (same millisecond and shard) and precede the cursor are read and dropped. */
    private static final int TIE_SLACK = 16;
    private static final long SEEN_SECONDS = 7 * 24 * 3600;

    /**
     * One round trip for a page: the warm marker, the timeline page, and every followed celebrity's list. A
     * pipeline cannot do it (the celebrities' keys are only known once their set is read), a script can. When the
     * reader follows no celebrity the page is the timeline's first ids, so their summaries come in the same trip
     * (as id, summary pairs; ids of one length compare as strings the way they compare as numbers). It names keys
     * it was not given, which is fine on one Redis, not on Redis Cluster.
     */
    private static final String READ_PAGE = """
            local out = {redis.call('EXISTS', KEYS[2]), redis.call('ZRANGE', KEYS[1], ARGV[1], '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[2]), {}}
            local celebrities = redis.call('SMEMBERS', KEYS[3])
            for _, celebrity in ipairs(celebrities) do
              out[#out + 1] = redis.call('ZRANGE', ARGV[3] .. celebrity, ARGV[1], '-inf', 'BYSCORE', 'REV', 'LIMIT', 0, ARGV[2])
            end
            if #celebrities == 0 then
              local before, wanted, ids, keys = ARGV[4], tonumber(ARGV[5]), {}, {}
              for _, id in ipairs(out[2]) do
                if #keys == wanted then break end
                if before == '' or #id < #before or (#id == #before and id < before) then
                  ids[#ids + 1] = id
                  keys[#keys + 1] = ARGV[6] .. id
                end
              end
              if #keys > 0 then
                for i, summary in ipairs(redis.call('MGET', unpack(keys))) do
                  if summary then
                    table.insert(out[3], ids[i])
                    table.insert(out[3], summary)
                  end
                end
              end
            end
            return out
            """;

    private final RedisConnections requests;
    private final RedisPipeline requestPipeline;
    private final RedisPipeline fanOutPipeline;
    private final FeedProperties settings;
    private final String readPageSha;

    TimelineStore(RedisConnections requests, RedisPipeline requestPipeline,
                  RedisPipeline fanOutPipeline, FeedProperties settings) {
        this.requests = requests;
        this.requestPipeline = requestPipeline;
        this.fanOutPipeline = fanOutPipeline;
        this.settings = settings;
        this.readPageSha = requests.sync(c -> c.scriptLoad(READ_PAGE));
    }

    /** Writes of event processing: on the fan-out connection. */
    public RedisPipeline.Batch fanOutBatch() {
        return fanOutPipeline.batch();
    }

    /** Writes on a request's behalf (rebuilds, summaries fetched on read): on the request connection. */
    public RedisPipeline.Batch requestBatch() {
        return requestPipeline.batch();
    }

    public static double score(long photoId) {
        return photoId >>> PhotofeedId.SEQUENCE_BITS;
    }

    // ---- writes, queued on a batch

    /**
     * A fan-out insert. Trimming on every insert would double the commands of a fan-out, so only one post in
     * {@code trimEvery} (picked by a hash of its id, the same for every follower) trims: a timeline runs a
     * few entries over the cap between trims, and a fan-out costs about one command per follower.
     */
    public void insert(RedisPipeline.Batch batch, long user, long photoId) {
        String key = timeline(user);
        batch.add(c -> c.zadd(key, score(photoId), PhotofeedId.format(photoId)));
        if (((photoId * 0x9E3779B97F4A7C15L) >>> 32) % settings.trimEvery() == 0) {
            batch.add(c -> c.zremrangebyrank(key, 0, -(settings.timelineCap() + 1)));
        }
    }

    public void addOwnerPost(RedisPipeline.Batch batch, long owner, long photoId) {
        String key = PREFIX + "posts:" + owner;
        batch.add(c -> c.zadd(key, score(photoId), PhotofeedId.format(photoId)));
        batch.add(c -> c.zremrangebyrank(key, 0, -(settings.timelineCap() + 1)));
    }

    public void remove(RedisPipeline.Batch batch, long user, List<String> photoIds) {
        if (!photoIds.isEmpty()) {
            batch.add(c -> c.zrem(timeline(user), photoIds.toArray(String[]::new)));
        }
    }

    /** Replaces a timeline with a complete one and marks it warm (last, so no reader trusts a half-written set). */
    public void replace(RedisPipeline.Batch batch, long user, List<Long> photoIds) {
        batch.add(c -> c.del(timeline(user)));
        photoIds.stream().sorted(java.util.Comparator.reverseOrder()).limit(settings.timelineCap())
                .forEach(id -> batch.add(c -> c.zadd(timeline(user), score(id), PhotofeedId.format(id))));
        markWarm(batch, user);
    }

    public void markWarm(RedisPipeline.Batch batch, long user) {
        batch.add(c -> c.set(PREFIX + "warm:" + user, "1"));
    }

    /**
     * A summary as a read, a backfill or the post's event found it: kept only if none is stored, since one that
     * is stored may be newer (a {@code photo-updated} applied while this copy was on its way) and is never older.
     */
    public void saveSummaryIfAbsent(RedisPipeline.Batch batch, long photoId, String json) {
        batch.add(c -> c.set(PREFIX + "post:" + PhotofeedId.format(photoId), json, SetArgs.Builder.ex(settings.summaryTtl()).nx()));
    }

    /** A summary from a {@code photo-updated}: what the item shows now, so it replaces whatever is stored. */
    public void replaceSummary(RedisPipeline.Batch batch, long photoId, String json) {
        batch.add(c -> c.set(PREFIX + "post:" + PhotofeedId.format(photoId), json, SetArgs.Builder.ex(settings.summaryTtl())));
    }

    /**
     * A follow change seen in the last {@code recentFollowWindow}. user-service applies the followers side of
     * a follow asynchronously, so its followers list may not show a change the feed has already applied; the
     * fan-out corrects the list with these, or a post made just after a follow would miss the new follower
     * (the backfill ran before the post existed) and one made just after an unfollow would reach them.
     */
    public void recordRecentEdge(RedisPipeline.Batch batch, long followee, long follower, boolean following) {
        String key = PREFIX + "recent:" + followee;
        batch.add(c -> c.hset(key, String.valueOf(follower), following ? "1" : "0"));
        batch.add(c -> c.expire(key, settings.recentFollowWindow()));
    }

    public void followCelebrity(RedisPipeline.Batch batch, long user, long celebrity, boolean following) {
        String key = PREFIX + "celebs:" + user;
        batch.add(c -> following ? c.sadd(key, String.valueOf(celebrity)) : c.srem(key, String.valueOf(celebrity)));
    }

    public void markCelebrity(long owner) {
        requests.sync(c -> c.sadd(PREFIX + "celebrities", String.valueOf(owner)));
    }

    public void setEdgeVersion(RedisPipeline.Batch batch, long follower, long followee, long version) {
        batch.add(c -> c.set(edge(follower, followee), String.valueOf(version)));
    }

    public void markSeen(String eventId) {
        requests.sync(c -> c.set(PREFIX + "seen:" + eventId, "1", SetArgs.Builder.ex(SEEN_SECONDS)));
    }

    // ---- reads

    public boolean seen(String eventId) {
        return requests.sync(c -> c.exists(PREFIX + "seen:" + eventId)) > 0;
    }

    public boolean isCelebrity(long owner) {
        return requests.sync(c -> c.sismember(PREFIX + "celebrities", String.valueOf(owner)));
    }

    public List<Boolean> areCelebrities(List<Long> owners) {
        if (owners.isEmpty()) {
            return List.of();
        }
        return requests.sync(c -> c.smismember(PREFIX + "celebrities", owners.stream().map(String::valueOf).toArray(String[]::new)));
    }

    /** Recent follow changes of an owner's followers: follower id to whether they now follow. */
    public Map<Long, Boolean> recentEdges(long owner) {
        Map<Long, Boolean> edges = new HashMap<>();
        requests.sync(c -> c.hgetall(PREFIX + "recent:" + owner)).forEach((follower, following) ->
                edges.put(Long.parseLong(follower), following.equals("1")));
        return edges;
    }

    public boolean isWarm(long user) {
        return requests.sync(c -> c.exists(PREFIX + "warm:" + user)) > 0;
    }

    /** 0 when the edge was never applied. */
    public long edgeVersion(long follower, long followee) {
        String version = requests.sync(c -> c.get(edge(follower, followee)));
        return version == null ? 0 : Long.parseLong(version);
    }

    /**
     * The page of a timeline strictly before {@code beforeId} (newest first), and the same window of every
     * followed celebrity's list, in one round trip. Each list holds at least {@code count} ids older than the
     * cursor when it has that many. With no celebrity to merge, the summaries of the first {@code shown} ids
     * come with it.
     */
    public PageRead readPage(long user, long beforeId, int count, int shown) {
        boolean first = beforeId == Long.MAX_VALUE;
        String max = first ? "+inf" : String.valueOf((long) score(beforeId));
        String[] keys = {timeline(user), PREFIX + "warm:" + user, PREFIX + "celebs:" + user};
        String[] args = {max, String.valueOf(count + TIE_SLACK), PREFIX + "posts:", first ? "" : PhotofeedId.format(beforeId),
                String.valueOf(shown), PREFIX + "post:"};
        List<Object> reply;
        try {
            reply = requests.sync(c -> c.<List<Object>>evalsha(readPageSha, ScriptOutputType.MULTI, keys, args));
        } catch (RedisNoScriptException restarted) { // the server lost its script cache
            reply = requests.sync(c -> c.<List<Object>>eval(READ_PAGE, ScriptOutputType.MULTI, keys, args));
        }
        List<List<Long>> celebrityLists = new ArrayList<>();
        for (Object list : reply.subList(3, reply.size())) {
            celebrityLists.add(ids(list, beforeId));
        }
        Map<Long, String> summaries = new HashMap<>();
        List<?> pairs = (List<?>) reply.get(2);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            summaries.put(Long.parseLong((String) pairs.get(i)), (String) pairs.get(i + 1));
        }
        return new PageRead((Long) reply.get(0) > 0, ids(reply.get(1), beforeId), celebrityLists, celebrityLists.isEmpty(), summaries);
    }

    private static List<Long> ids(Object members, long beforeId) {
        List<Long> ids = new ArrayList<>();
        for (Object member : (List<?>) members) {
            long id = Long.parseLong((String) member);
            if (id < beforeId) {
                ids.add(id);
            }
        }
        return ids;
    }

    /** Summaries by photo id, with one multi-get; absent ones are left out. */
    public Map<Long, String> summaries(List<Long> photoIds) {
        Map<Long, String> found = new HashMap<>();
        if (photoIds.isEmpty()) {
            return found;
        }
        String[] keys = photoIds.stream().map(id -> PREFIX + "post:" + PhotofeedId.format(id)).toArray(String[]::new);
        List<KeyValue<String, String>> values = requests.sync(c -> c.mget(keys));
        for (int i = 0; i < photoIds.size(); i++) {
            KeyValue<String, String> value = values.get(i);
            if (value.hasValue()) {
                found.put(photoIds.get(i), value.getValue());
            }
        }
        return found;
    }

    /** Deletes every key of the feed (not the other services' keys in a shared Redis), for a rebuild. */
    public void wipe() {
        ScanArgs match = ScanArgs.Builder.matches(PREFIX + "*").limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            ScanCursor from = cursor;
            KeyScanCursor<String> page = requests.sync(c -> c.scan(from, match));
            if (!page.getKeys().isEmpty()) {
                requests.sync(c -> c.unlink(page.getKeys().toArray(String[]::new)));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private static String timeline(long user) {
        return PREFIX + "tl:" + user;
    }

    private static String edge(long follower, long followee) {
        return PREFIX + "edge:" + follower + ":" + followee;
    }

    /**
     * One read of a page: whether the timeline is warm, its ids, the followed celebrities' ids, and the summaries
     * that came with it; {@code summariesRead}: Redis was asked for every shown item's (not when there were
     * celebrities to merge), so one missing there has expired.
     */
    public record PageRead(boolean warm, List<Long> timeline, List<List<Long>> celebrityLists, boolean summariesRead,
                           Map<Long, String> summaries) {
    }
}
