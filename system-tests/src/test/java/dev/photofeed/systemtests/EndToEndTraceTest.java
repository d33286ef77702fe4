package dev.photofeed.systemtests;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One {@code POST /api/photos} through the gateway is one trace: the gateway, media-service with its Postgres
 * statements and its Kafka produce (from the outbox relay, which carries the request's trace), feed-service's
 * fan-out consumer and its Redis writes, every span reachable from the root through its parent. The trace is
 * read back from the stack's Zipkin, where each service's agent sends its spans (Zipkin's own protocol: Zipkin
 * takes no OTLP).
 */
class EndToEndTraceTest {

    private final RunningStack stack = RunningStack.get();
    private final Client client = new Client(stack.gateway());

    /** A Zipkin v2 span, as its JSON API gives it. */
    record Span(String id, String parentId, String service, String kind, String name, Map<String, String> tags) {

        static Span of(JsonNode span) {
            Map<String, String> tags = new java.util.HashMap<>();
            span.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
            return new Span(span.path("id").asString(), span.path("parentId").asString(null),
                    span.path("localEndpoint").path("serviceName").asString(), span.path("kind").asString(""),
                    span.path("name").asString(), tags);
        }

        String dbSystem() {
            return tags.getOrDefault("db.system.name", tags.getOrDefault("db.system", ""));
        }
    }

    @Test
    void anUploadIsOneTraceFromTheGatewayToTheFanOutsRedisWrites() {
        Client.User poster = client.newUser("poster");
        Client.User follower = client.newUser("follower");
        client.follow(follower, poster);

        String traceId = HexFormat.of().formatHex(random(16));
        String rootSpanId = HexFormat.of().formatHex(random(8));
        HttpResponse<String> upload = client.upload(poster, Map.of("traceparent", "00-" + traceId + "-" + rootSpanId + "-01"));
        Client.expect(upload, 201);

        // spans arrive in batches from five JVMs: wait until the last piece, the fan-out's Redis writes, is there
        List<Span> spans = spans(client.poll(stack.zipkin() + "/api/v2/trace/" + traceId, Duration.ofSeconds(90),
                r -> r.statusCode() == 200 && fanOutWroteRedis(spans(r))));

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
        List<String> ids = new ArrayList<>(spans.stream().map(Span::id).toList());
        ids.add(rootSpanId);
        assertThat(spans).allSatisfy(s -> assertThat(s.parentId()).as("parent of %s %s", s.service(), s.name()).isIn(ids));
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

    private static List<Span> spans(HttpResponse<String> trace) {
        List<Span> spans = new ArrayList<>();
        if (trace.statusCode() == 200) {
            Client.tree(trace).forEach(span -> spans.add(Span.of(span)));
        }
        return spans;
    }

    private static byte[] random(int bytes) {
        byte[] value = new byte[bytes];
        new SecureRandom().nextBytes(value);
        return value;
    }
}
