package dev.photofeed.systemtests;

import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.Map;

/** One span as a test sees it, whether it came over OTLP or from Zipkin's API: ids in hex, attributes as strings. */
record Span(String traceId, String id, String parentId, String service, String kind, String name, Map<String, String> tags) {

    /** A span of Zipkin's v2 JSON (its kind is absent for an internal span). */
    static Span fromZipkin(JsonNode span) {
        Map<String, String> tags = new HashMap<>();
        span.path("tags").properties().forEach(e -> tags.put(e.getKey(), e.getValue().asString()));
        return new Span(span.path("traceId").asString(), span.path("id").asString(), span.path("parentId").asString(null),
                span.path("localEndpoint").path("serviceName").asString(), span.path("kind").asString("INTERNAL"),
                span.path("name").asString(), tags);
    }

    /** The database a client span talks to ({@code db.system.name} in the newer conventions). */
    String dbSystem() {
        return tags.getOrDefault("db.system.name", tags.getOrDefault("db.system", ""));
    }
}
