package dev.photofeed.loadtests.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.photofeed.loadtests.seed.Api;
import dev.photofeed.loadtests.seed.TinyImages;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The chaos runs' load: an open model (calls start on a fixed schedule whether or not earlier ones answered,
 * so a stalled system meets the same arrivals a real one would) of feed reads, posts, follows, unfollows and
 * profile reads by a closed set of actors, through the gateway, each call made once and written down with its
 * outcome. Nothing is retried: the history must show what a client saw.
 */
final class Traffic implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** The mix, in percent: reads dominate, as on any feed, and a fifth of the calls are follow changes. */
    private static final Map<Op, Integer> MIX = Map.of(Op.READ_FEED, 40, Op.POST, 15, Op.FOLLOW, 20, Op.UNFOLLOW, 10, Op.PROFILE, 15);

    private final URI gateway;
    private volatile List<Api.Token> actors;
    private final double rate;
    private final Random random;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    /** Whom each actor follows as far as accepted calls tell: where an unfollow picks its target. */
    private final Map<Long, Set<Long>> following = new ConcurrentHashMap<>();
    private final AtomicLong images = new AtomicLong();
    private volatile boolean running;
    private Thread scheduler;

    Traffic(URI gateway, List<Api.Token> actors, double rate, long seed) {
        this.gateway = gateway;
        this.actors = actors;
        this.rate = rate;
        this.random = new Random(seed);
        actors.forEach(a -> following.put(a.userId(), ConcurrentHashMap.newKeySet()));
    }

    void start() {
        running = true;
        scheduler = Thread.ofPlatform().daemon().name("chaos-traffic").start(() -> {
            long period = (long) (1e9 / rate);
            long next = System.nanoTime();
            while (running) {
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        Thread.sleep(Duration.ofNanos(wait));
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Op op = pick();
                List<Api.Token> all = actors;
                Api.Token actor = all.get(random.nextInt(all.size()));
                long other = other(actor.userId());
                Thread.ofVirtual().start(() -> calls.add(call(op, actor, other)));
            }
        });
    }

    /** New tokens for the same actors: a run can outlive a token. */
    void actors(List<Api.Token> renewed) {
        actors = List.copyOf(renewed);
    }

    /** Every call so far, in the order they ended. */
    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    /** A call made before the faults: the follows that give feeds something to hold, the reads that warm them. */
    Call before(Op op, Api.Token actor, long other) {
        Call call = call(op, actor, other);
        calls.add(call);
        return call;
    }

    @Override
    public void close() {
        running = false;
        if (scheduler != null) {
            scheduler.interrupt();
            try {
                scheduler.join();
                Thread.sleep(TIMEOUT.plusSeconds(1)); // the last calls answer or time out
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
    }

    private Op pick() {
        int roll = random.nextInt(100);
        for (Op op : Op.values()) {
            roll -= MIX.get(op);
            if (roll < 0) {
                return op;
            }
        }
        return Op.READ_FEED;
    }

    private long other(long actor) {
        List<Api.Token> all = actors;
        while (true) {
            long candidate = all.get(random.nextInt(all.size())).userId();
            if (candidate != actor) {
                return candidate;
            }
        }
    }

    private Call call(Op op, Api.Token actor, long other) {
        long target = other;
        if (op == Op.UNFOLLOW) {
            List<Long> followed = List.copyOf(following.get(actor.userId()));
            target = followed.isEmpty() ? other : followed.get(Math.floorMod(other, followed.size()));
        }
        HttpRequest.Builder request = switch (op) {
            case READ_FEED -> HttpRequest.newBuilder(gateway.resolve("/api/feed?limit=20")).GET();
            case PROFILE -> HttpRequest.newBuilder(gateway.resolve("/api/users/" + target)).GET();
            case FOLLOW -> HttpRequest.newBuilder(gateway.resolve("/api/users/me/following/" + target)).PUT(HttpRequest.BodyPublishers.noBody());
            case UNFOLLOW -> HttpRequest.newBuilder(gateway.resolve("/api/users/me/following/" + target)).DELETE();
            case POST -> {
                String boundary = "chaos-" + System.nanoTime();
                yield HttpRequest.newBuilder(gateway.resolve("/api/photos"))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(
                                Api.multipart(boundary, TinyImages.png(images.incrementAndGet()), "chaos")));
            }
        };
        request.timeout(TIMEOUT).header("Authorization", actor.header());
        long started = System.currentTimeMillis();
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status / 100 == 2) {
                if (op == Op.POST) {
                    JsonNode body = Api.JSON.readTree(response.body());
                    target = Long.parseLong(body.get("id").asText());
                } else if (op == Op.FOLLOW) {
                    following.get(actor.userId()).add(target);
                } else if (op == Op.UNFOLLOW) {
                    following.get(actor.userId()).remove(target);
                }
            }
            return new Call(op, actor.userId(), target, started, System.currentTimeMillis(), status, null);
        } catch (IOException e) {
            return new Call(op, actor.userId(), target, started, System.currentTimeMillis(), 0,
                    e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(op, actor.userId(), target, started, System.currentTimeMillis(), 0, "interrupted");
        }
    }
}
