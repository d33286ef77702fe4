package dev.photofeed.systemtests;

import dev.photofeed.testsupport.PublicApi;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One {@code POST /api/photos} through the gateway is one trace: the gateway, media-service with its Postgres
 * statements and its Kafka produce (from the outbox relay, which carries the request's trace), feed-service's
 * fan-out consumer and its Redis writes, every span reachable from the root through its parent. The agents send
 * their spans to an OTLP receiver inside this test, and to the stack's Zipkin, whose API (what its UI shows)
 * must have the same requests.
 */
class EndToEndTraceTest {

    private final RunningStack stack = RunningStack.get();
    private final PublicApi client = PublicApi.throughGateway(stack.gateway());

    @Test
    void anUploadIsOneTraceFromTheGatewayToTheFanOutsRedisWrites() {
        PublicApi.User poster = client.newUser("poster");
        PublicApi.User follower = client.newUser("follower");
        client.follow(follower, poster);

        String traceId = HexFormat.of().formatHex(random(16));
        String rootSpanId = HexFormat.of().formatHex(random(8));
        PublicApi.Answer upload = client.upload(poster, "a photo", Map.of("traceparent", "00-" + traceId + "-" + rootSpanId + "-01"));
        upload.expect(201);

        // spans arrive in batches from five JVMs: wait until the last pieces (the fan-out's Redis writes) are in and
        // every span's parent has arrived, then check each piece (a timeout leaves the checks to say what is missing)
        List<Span> spans = readUntil(() -> stack.otlp.trace(traceId),
                found -> fanOutWroteRedis(found) && unresolvedParents(found, rootSpanId).isEmpty());

        assertThat(spans).as("gateway server span").anyMatch(s -> s.service().equals("gateway") && s.kind().equals("SERVER"));
        assertThat(spans).as("media-service server span").anyMatch(s -> s.service().equals("media-service") && s.kind().equals("SERVER"));
        assertThat(spans).as("media-service Postgres (JDBC) span").anyMatch(s -> s.service().equals("media-service")
                && s.dbSystem().equals("postgresql"));
        assertThat(spans).as("Kafka produce span").anyMatch(s -> s.service().equals("media-service")
                && s.kind().equals("PRODUCER") && s.tags().getOrDefault("messaging.system", "").equals("kafka"));
        assertThat(spans).as("fan-out consumer span").anyMatch(s -> s.service().equals("feed-service")
                && s.kind().equals("CONSUMER") && s.name().contains("photo-events"));
        assertThat(fanOutWroteRedis(spans)).isTrue();

        // navigable: each span's parent is in the trace (or is the client's own span that started it)
        assertThat(unresolvedParents(spans, rootSpanId)).as("spans whose parent is not in the trace").isEmpty();

        // and the trace UI has the same trace, from the same agents
        List<Span> inZipkin = readUntil(() -> spans(client.fetch(stack.zipkin() + "/api/v2/trace/" + traceId)),
                found -> found.size() >= spans.size());
        assertThat(inZipkin.stream().map(Span::id)).containsAll(spans.stream().map(Span::id).toList());
    }

    /** Reads until {@code complete} holds or 90 s have passed; the caller's assertions then say what is missing. */
    private static List<Span> readUntil(java.util.function.Supplier<List<Span>> read, Predicate<List<Span>> complete) {
        AtomicReference<List<Span>> last = new AtomicReference<>(List.of());
        try {
            return await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                last.set(read.get());
                return last.get();
            }, complete);
        } catch (ConditionTimeoutException timedOut) {
            return last.get();
        }
    }

    private static List<Span> unresolvedParents(List<Span> spans, String rootSpanId) {
        java.util.Set<String> ids = new java.util.HashSet<>(spans.stream().map(Span::id).toList());
        ids.add(rootSpanId);
        return spans.stream().filter(s -> !ids.contains(s.parentId())).toList();
    }

    @Test
    void aRequestThroughTheGatewayIsFoundInZipkinByServiceAsAPersonWouldSearch() {
        PublicApi.User someone = client.newUser("searched");
        String path = "/api/users/" + someone.id();
        client.get(path, null).expect(200);

        // the UI's search: recent traces of the gateway; one of them is this request, reaching user-service
        client.poll(stack.zipkin() + "/api/v2/traces?serviceName=gateway&limit=200&lookback=600000", Duration.ofSeconds(60),
                r -> r.status() == 200 && traces(r).stream().anyMatch(trace ->
                        trace.stream().anyMatch(s -> s.service().equals("gateway") && s.kind().equals("SERVER")
                                && path.equals(s.tags().getOrDefault("url.path", s.tags().get("http.target"))))
                                && trace.stream().anyMatch(s -> s.service().equals("user-service") && s.kind().equals("SERVER"))));
    }

    private static List<List<Span>> traces(PublicApi.Answer search) {
        List<List<Span>> traces = new ArrayList<>();
        search.json().forEach(trace -> {
            List<Span> spans = new ArrayList<>();
            trace.forEach(span -> spans.add(Span.fromZipkin(span)));
            traces.add(spans);
        });
        return traces;
    }

    /** A Redis span of feed-service below its Kafka consumer span. */
    private static boolean fanOutWroteRedis(List<Span> spans) {
        Map<String, Span> byId = new java.util.HashMap<>();
        spans.forEach(s -> byId.put(s.id(), s));
        Predicate<Span> underConsumer = s -> {
            for (Optional<Span> up = Optional.ofNullable(byId.get(s.parentId())); up.isPresent();
                 up = Optional.ofNullable(byId.get(up.get().parentId()))) {
                if (up.get().kind().equals("CONSUMER") && up.get().service().equals("feed-service")) {
                    return true;
                }
            }
            return false;
        };
        return spans.stream().anyMatch(s -> s.service().equals("feed-service") && s.dbSystem().equals("redis")
                && underConsumer.test(s));
    }

    private static List<Span> spans(PublicApi.Answer trace) {
        List<Span> spans = new ArrayList<>();
        if (trace.status() == 200) {
            trace.json().forEach(span -> spans.add(Span.fromZipkin(span)));
        }
        return spans;
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
