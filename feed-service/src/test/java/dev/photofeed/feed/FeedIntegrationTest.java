package dev.photofeed.feed;

import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.web.Cursors;
import dev.photofeed.feed.timeline.RedisPipeline;
import dev.photofeed.feed.timeline.TimelineStore;
import dev.photofeed.feed.upstream.MediaService;
import dev.photofeed.testsupport.PublicApi;
import org.awaitility.core.ConditionFactory;
import dev.photofeed.testsupport.RealInfrastructure;
import dev.photofeed.testsupport.TestStores;
import dev.photofeed.testsupport.TestTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed on real stores: posts and follows made on stub peers ({@link StubPeers}) reach our consumers as the
 * real services' events through the real Kafka, the peers answer our calls from the same state, and feeds are
 * read over HTTP with tokens shaped as user-service's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "photofeed.feed.celebrity-threshold=3")
@RealInfrastructure
@Import(TestTokens.Keys.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FeedIntegrationTest {

    /** What reaches a feed through Kafka arrives within seconds; half a minute leaves room for a loaded machine. */
    private static final ConditionFactory EVENTUALLY = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100));

    private static StubPeers peers;
    private static TestStores stores;
    private static final List<PublicApi.User> everyone = new ArrayList<>();

    @LocalServerPort
    int port;
    @Autowired
    RedisClient redis;
    @Autowired
    KafkaTemplate<Object, Object> kafka;
    @Autowired
    KafkaNames names;
    @Autowired
    MeterRegistry meters;
    @Autowired
    TimelineStore store;
    @Autowired
    MediaService media;

    private PublicApi api;
    private StatefulRedisConnection<String, String> connection;

    @BeforeAll
    static void startPeers(TestStores given) {
        stores = given;
        peers = StubPeers.start(given);
    }

    @AfterAll
    static void stopPeers() {
        peers.close();
    }

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("photofeed.upstream.user-service", () -> peers.userService);
        registry.add("photofeed.upstream.media-service", () -> peers.mediaService);
    }

    @org.junit.jupiter.api.BeforeEach
    void clients() {
        api = PublicApi.toServices(peers.userService, peers.mediaService, "http://127.0.0.1:" + port);
        connection = redis.connect();
    }

    @org.junit.jupiter.api.AfterEach
    void closeRedis() {
        connection.close();
    }

    private PublicApi.User user(String name) {
        PublicApi.User user = peers.newUser(name);
        synchronized (everyone) {
            everyone.add(user);
        }
        return user;
    }

    @Test
    @Order(1)
    void aPostReachesEveryFollowersFeedThroughTheirPrecomputedTimeline() {
        PublicApi.User owner = user("owner");
        List<PublicApi.User> followers = IntStream.range(0, 3).mapToObj(i -> user("fan")).toList();
        followers.forEach(f -> peers.follow(f, owner));
        double rebuildsBefore = rebuilds();

        String photo = peers.post(owner, "hello feed");

        for (PublicApi.User follower : followers) {
            List<String> feed = EVENTUALLY.until(() -> api.wholeFeed(follower), f -> f.contains(photo));
            assertThat(feed).containsExactly(photo);
            assertThat(connection.sync().zscore("feed:tl:" + follower.id(), photo)).as("in the precomputed timeline").isNotNull();
        }
        var item = api.feed(followers.getFirst(), null).json().path("items").get(0);
        assertThat(item.path("id").asString()).isEqualTo(photo);
        assertThat(item.path("ownerId").asString()).isEqualTo(owner.id());
        assertThat(item.path("caption").asString()).isEqualTo("hello feed");
        assertThat(item.path("contentUrl").asString()).isEqualTo("/api/photos/" + photo + "/content");
        assertThat(item.path("width").asInt()).isEqualTo(8);
        assertThat(item.path("createdAt").asString()).isNotEmpty();
        // media-service's photo-updated replaces the item stored at post time, whose thumbnail was pending
        assertThat(readyThumbnail(followers.getFirst()).path("url").asString()).isEqualTo("/api/photos/" + photo + "/thumbnails/320");
        // a copy fetched by a read before the update, pending, and written late: it must not bring "pending" back
        RedisPipeline.Batch late = store.requestBatch();
        String pending = item.toString().replace("\"status\":\"ready\"", "\"status\":\"pending\"");
        store.saveSummaryIfAbsent(late, PhotofeedId.parse(photo).orElseThrow(), pending);
        late.flush();
        assertThat(readyThumbnail(followers.getFirst()).path("status").asString()).isEqualTo("ready");
        assertThat(rebuilds()).as("warm timelines are read, not rebuilt").isEqualTo(rebuildsBefore);
        assertThat(meters.get("feed.fanout.delay").timer().count()).isPositive();
        assertThat(meters.get("feed.fanout.delay").timer().takeSnapshot().histogramCounts())
                .as("fixed buckets, which add up across replicas").hasSize(10);
        assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").meters()).as("consumer lag").isNotEmpty();
    }

    @Test
    @Order(2)
    void aCelebritysPostIsMergedIntoFollowersFeedsInTimeOrder() {
        PublicApi.User celebrity = user("celebrity");
        PublicApi.User friend = user("friend");
        List<PublicApi.User> fans = IntStream.range(0, 4).mapToObj(i -> user("fan")).toList();
        fans.forEach(f -> peers.follow(f, celebrity));
        fans.forEach(f -> peers.follow(f, friend));
        EVENTUALLY.until(() -> peers.followerCount(celebrity), n -> n == 4);

        String before = peers.post(friend, "before");
        EVENTUALLY.until(() -> api.wholeFeed(fans.getLast()), f -> f.contains(before));
        String star = peers.post(celebrity, "star");
        String after = peers.post(friend, "after");

        for (PublicApi.User fan : fans) {
            List<String> feed = EVENTUALLY.until(() -> api.wholeFeed(fan), f -> f.size() == 3);
            assertThat(feed).containsExactly(after, star, before);
            assertThat(connection.sync().zscore("feed:tl:" + fan.id(), star)).as("not fanned out").isNull();
        }
        assertThat(connection.sync().zrange("feed:posts:" + celebrity.id(), 0, -1)).containsExactly(star);
    }

    @Test
    @Order(3)
    void pagesNeitherRepeatNorSkipWhilePostsArrive() {
        PublicApi.User owner = user("prolific");
        PublicApi.User reader = user("reader");
        peers.follow(reader, owner);
        List<String> posted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            posted.addFirst(peers.post(owner, "p" + i));
        }
        EVENTUALLY.until(() -> api.wholeFeed(reader), f -> f.size() == 5);

        var first = api.feed(reader, "limit=2").json();
        String late = peers.post(owner, "late");
        EVENTUALLY.until(() -> api.wholeFeed(reader), f -> f.contains(late));
        var second = api.feed(reader, "limit=2&cursor=" + first.path("nextCursor").asString()).json();
        peers.post(owner, "later");
        var third = api.feed(reader, "limit=2&cursor=" + second.path("nextCursor").asString()).json();

        List<String> paged = new ArrayList<>(PublicApi.ids(first));
        paged.addAll(PublicApi.ids(second));
        paged.addAll(PublicApi.ids(third));
        assertThat(paged).containsExactlyElementsOf(posted);
        assertThat(third.path("nextCursor").isNull()).isTrue();

        // no celebrity to merge: a page past a cursor, summaries included, is the one script's round trip
        long scripts = redisCalls("evalsha");
        long multiGets = redisCalls("mget");
        var again = api.feed(reader, "limit=2&cursor=" + first.path("nextCursor").asString()).json();
        assertThat(again.path("items").size()).as("every item hydrated").isEqualTo(2);
        assertThat(PublicApi.ids(again)).isEqualTo(PublicApi.ids(second));
        assertThat(redisCalls("evalsha") - scripts).isEqualTo(1);
        // Redis counts the script's own MGET too: a second one would be the summaries read apart from the page
        assertThat(redisCalls("mget") - multiGets).isEqualTo(1);
        long cursor = Cursors.decode(first.path("nextCursor").asString(), Long.MAX_VALUE);
        var page = store.readPage(Long.parseLong(reader.id()), cursor, 3, 2);
        assertThat(page.summaries().keySet().stream().map(PhotofeedId::format).toList())
                .containsExactlyInAnyOrderElementsOf(PublicApi.ids(second));
    }

    /** How many times the Redis server has run a command (INFO commandstats). */
    private long redisCalls(String command) {
        String stats = connection.sync().info("commandstats");
        int at = stats.indexOf("cmdstat_" + command + ":calls=");
        return at < 0 ? 0 : Long.parseLong(stats.substring(at, stats.indexOf(',', at)).replaceAll("\\D", ""));
    }

    @Test
    @Order(4)
    void theSameEventTwiceChangesNothing_andPoisonGoesToTheDeadLetterTopic(@Autowired dev.photofeed.feed.fanout.PhotoEvents photoEvents) {
        PublicApi.User owner = user("twice");
        PublicApi.User follower = user("follower");
        peers.follow(follower, owner);
        String photo = peers.post(owner, "once");
        EVENTUALLY.until(() -> api.wholeFeed(follower), f -> f.contains(photo));
        readyThumbnail(follower); // the photo's last event (photo-updated) applied, so nothing else changes the snapshot
        ConsumerRecord<String, String> event = find(KafkaNames.PHOTO_EVENTS,
                r -> r.value().contains("\"photoId\":\"" + photo + "\"") && r.value().contains("\"type\":\"photo-posted\""));
        Map<String, Object> before = snapshot(follower, owner, photo);

        // the same record again, then a poison one with the same key: in order on the partition, so once the
        // poison is dead-lettered the duplicate has been handled
        kafka.send(event.topic(), event.key(), event.value());
        kafka.send(event.topic(), event.key(), "{not json");
        ConsumerRecord<String, String> dead = EVENTUALLY.until(() -> findOrNull(KafkaNames.PHOTO_EVENTS + ".dlt", r -> r.value().equals("{not json")), r -> r != null);
        assertThat(reason(dead)).contains("not JSON");
        assertThat(snapshot(follower, owner, photo)).isEqualTo(before);

        // and applied again past the event-id check, the writes themselves change nothing
        connection.sync().keys("feed:seen:*").forEach(k -> connection.sync().del(k));
        photoEvents.handle(event);
        assertThat(snapshot(follower, owner, photo)).isEqualTo(before);

        String next = peers.post(owner, "the consumer carries on");
        EVENTUALLY.until(() -> api.wholeFeed(follower), f -> f.contains(next));
    }

    @Test
    @Order(5)
    void aFollowBackfillsAndAnUnfollowRemoves_andAnOldFollowArrivingLateIsIgnored() {
        PublicApi.User owner = user("backfilled");
        PublicApi.User other = user("other");
        PublicApi.User follower = user("newcomer");
        String first = peers.post(owner, "one");
        String second = peers.post(owner, "two");
        peers.follow(follower, other);
        String others = peers.post(other, "stays");
        EVENTUALLY.until(() -> api.wholeFeed(follower), f -> f.contains(others));

        peers.follow(follower, owner);
        assertThat(EVENTUALLY.until(() -> api.wholeFeed(follower), f -> f.size() == 3)).containsExactly(others, second, first);

        peers.unfollow(follower, owner);
        assertThat(EVENTUALLY.until(() -> api.wholeFeed(follower), f -> f.size() == 1)).containsExactly(others);

        ConsumerRecord<String, String> oldFollow = find(KafkaNames.USER_EVENTS,
                r -> r.value().contains("\"user-followed\"") && r.value().contains("\"followeeId\":\"" + owner.id() + "\""));
        kafka.send(oldFollow.topic(), oldFollow.key(), oldFollow.value());
        kafka.send(oldFollow.topic(), oldFollow.key(), "[\"late follow marker " + follower.id() + "\"]");
        EVENTUALLY.until(() -> findOrNull(KafkaNames.USER_EVENTS + ".dlt", r -> r.value().contains("late follow marker " + follower.id())), r -> r != null);
        assertThat(api.wholeFeed(follower)).containsExactly(others);
    }

    @Test
    @Order(6)
    void aFeedReadAfterRedisLostEverythingIsRebuiltTheSame_onceForConcurrentReaders() {
        PublicApi.User a = user("a");
        PublicApi.User b = user("b");
        PublicApi.User reader = user("wiped");
        peers.follow(reader, a);
        peers.follow(reader, b);
        List<String> posted = new ArrayList<>();
        for (PublicApi.User owner : List.of(a, b, a, b)) {
            posted.addFirst(peers.post(owner, "x"));
        }
        List<String> before = EVENTUALLY.until(() -> api.wholeFeed(reader), f -> f.size() == 4);
        assertThat(before).containsExactlyElementsOf(posted);

        connection.sync().flushdb();
        assertThat(api.wholeFeed(reader)).isEqualTo(before);
        assertThat(connection.sync().exists("feed:warm:" + reader.id())).as("kept as a warm timeline").isOne();

        connection.sync().flushdb();
        double rebuildsBefore = rebuilds();
        List<CompletableFuture<List<String>>> reads = IntStream.range(0, 20)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> api.wholeFeed(reader))).toList();
        reads.forEach(read -> assertThat(read.join()).isEqualTo(before));
        assertThat(rebuilds() - rebuildsBefore).as("single flight").isEqualTo(1);
    }

    @Test
    @Order(7)
    void badLimitsCursorsAndMissingTokensAreProblems() {
        PublicApi.User reader = user("picky");
        for (String query : List.of("limit=0", "limit=101", "limit=x", "cursor=%21%21", "cursor=AAAA")) {
            PublicApi.Answer response = api.feed(reader, query);
            assertThat(response.status()).as(query).isEqualTo(400);
        }
        assertThat(api.feed(reader, "limit=0").json().path("type").asString()).endsWith("/invalid-limit");
        assertThat(api.feed(reader, "cursor=AAAA").json().path("type").asString()).endsWith("/invalid-cursor");
        assertThat(api.feed(null, null).status()).isEqualTo(401);
    }

    @Test
    @Order(8)
    void withPrecomputationOffAFeedIsGatheredFromTheFollowListOnEveryRead(TestStores stores) {
        PublicApi.User owner = user("gathered");
        PublicApi.User reader = user("live");
        String photo = peers.post(owner, "read-time");
        try (ConfigurableApplicationContext off = anotherFeedService(stores,
                "--photofeed.feed.precompute.enabled=false", "--photofeed.redis.pipelining.enabled=false")) {
            PublicApi offApi = PublicApi.toServices(peers.userService, peers.mediaService,
                    "http://127.0.0.1:" + ((WebServerApplicationContext) off).getWebServer().getPort());
            Counter gathers = off.getBean(MeterRegistry.class).get("feed.timeline.rebuilds").counter();

            assertThat(offApi.wholeFeed(reader)).isEmpty();
            peers.follow(reader, owner);
            assertThat(offApi.wholeFeed(reader)).as("at once: no event to wait for").containsExactly(photo);
            assertThat(gathers.count()).as("one gather per read").isEqualTo(2);
        }
    }

    /**
     * A follow of an account media-service has not heard of yet (its user-created event still on the way) is
     * a backfill of nothing, not a refusal: as a refusal it went to the dead-letter topic, and the follower's
     * timeline missed the edge's later posts' backfill.
     */
    @Test
    @Order(9)
    void anAccountMediaServiceHasNotHeardOfHasNoPhotosToBackfill() {
        PublicApi.User known = user("known");
        long unheardOf = Long.parseLong(known.id()) + 1; // the same logical shard, an id no account has

        assertThat(media.recentPhotos(unheardOf, 10)).isEmpty();
    }

    @Test
    @Order(100)
    void replayingTheLogRebuildsEveryTimelineIdentically(TestStores stores) {
        Map<String, List<String>> before = feeds();
        assertThat(before.values().stream().mapToInt(List::size).sum()).as("the earlier tests made feeds").isGreaterThan(20);
        connection.sync().set("feed:tl:stale", "left by a bug");

        ConfigurableApplicationContext command = anotherFeedService(stores, "--spring.profiles.active=rebuild");

        assertThat(command.isActive()).as("the command closes itself when done").isFalse();
        assertThat(connection.sync().exists("feed:tl:stale")).as("wiped first").isZero();
        assertThat(connection.sync().keys("feed:tl:*")).isNotEmpty();
        double rebuildsBefore = rebuilds();
        assertThat(feeds()).isEqualTo(before);
        assertThat(rebuilds()).as("every timeline came back warm from the log").isEqualTo(rebuildsBefore);
    }

    /** A second feed-service in this JVM on this class's stores and peers, trusting the same tokens, with extra arguments. */
    private static ConfigurableApplicationContext anotherFeedService(TestStores stores, String... extra) {
        Map<String, String> properties = new LinkedHashMap<>(stores.serviceProperties());
        properties.put("server.port", "0");
        properties.put("photofeed.upstream.user-service", peers.userService);
        properties.put("photofeed.upstream.media-service", peers.mediaService);
        List<String> arguments = new ArrayList<>(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toList());
        arguments.addAll(List.of(extra));
        return new SpringApplicationBuilder(FeedServiceApplication.class, TestTokens.Keys.class).run(arguments.toArray(String[]::new));
    }

    private Map<String, List<String>> feeds() {
        Map<String, List<String>> feeds = new LinkedHashMap<>();
        everyone.forEach(u -> feeds.put(u.username(), api.wholeFeed(u)));
        return feeds;
    }

    private Map<String, Object> snapshot(PublicApi.User follower, PublicApi.User owner, String photo) {
        return Map.of(
                "timeline", connection.sync().zrangeWithScores("feed:tl:" + follower.id(), 0, -1).toString(),
                "owner", connection.sync().zrangeWithScores("feed:posts:" + owner.id(), 0, -1).toString(),
                "summary", String.valueOf(connection.sync().get("feed:post:" + photo)),
                "feed", api.wholeFeed(follower));
    }

    private double rebuilds() {
        return meters.get("feed.timeline.rebuilds").counter().count();
    }

    private ConsumerRecord<String, String> find(String topic, Predicate<ConsumerRecord<String, String>> match) {
        ConsumerRecord<String, String> found = findOrNull(topic, match);
        assertThat(found).as("a record on " + topic).isNotNull();
        return found;
    }

    /** The first record on a topic, read from its start to its current end, that matches. */
    private ConsumerRecord<String, String> findOrNull(String topic, Predicate<ConsumerRecord<String, String>> match) {
        return stores.records(names.topic(topic)).stream().filter(match).findFirst().orElse(null);
    }

    private static String reason(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("photofeed-dlt-reason");
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The thumbnail of the newest item in the reader's feed, once it shows as ready. */
    private JsonNode readyThumbnail(PublicApi.User reader) {
        return EVENTUALLY.until(() -> api.feed(reader, null).json().path("items").get(0).path("thumbnails").path(0),
                t -> t.path("status").asString("").equals("ready"));
    }
}
