package dev.photofeed.media.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.net.URI;

/** {@code photofeed.object-store.*}: any S3-compatible store (S3Proxy locally, MinIO in Compose, S3). */
@ConfigurationProperties("photofeed.object-store")
public record ObjectStoreProperties(URI endpoint, String region, String accessKey, String secretKey, String bucket) {
}
