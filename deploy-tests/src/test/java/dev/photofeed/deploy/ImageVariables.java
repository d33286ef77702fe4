package dev.photofeed.deploy;

import java.util.List;
import java.util.Map;

/** Environment variables the third-party images read themselves (by prefix), by image repository. */
final class ImageVariables {

    private static final Map<String, List<String>> BY_IMAGE = Map.ofEntries(
            Map.entry("postgres", List.of("POSTGRES_", "PGDATA")),
            Map.entry("apache/kafka", List.of("KAFKA_", "CLUSTER_ID")),
            Map.entry("minio/minio", List.of("MINIO_")),
            Map.entry("grafana/grafana", List.of("GF_")),
            Map.entry("grafana/k6", List.of("K6_")),
            Map.entry("redis", List.of()),
            Map.entry("nginx", List.of()),
            Map.entry("busybox", List.of()),
            Map.entry("prom/prometheus", List.of()),
            Map.entry("otel/opentelemetry-collector-contrib", List.of()),
            Map.entry("jaegertracing/jaeger", List.of()));

    private ImageVariables() {
    }

    /** The variable prefixes an image reads, or null for an image not known here. */
    static List<String> of(String image) {
        int tag = image.lastIndexOf(':');
        return BY_IMAGE.get(tag > image.lastIndexOf('/') ? image.substring(0, tag) : image);
    }
}
