package dev.photofeed.media.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/** The AWS SDK v2 client, path-style so the same code talks to S3Proxy, MinIO and S3. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ObjectStoreProperties.class)
class ObjectStoreConfiguration {

    @Bean(destroyMethod = "close")
    S3Client s3Client(ObjectStoreProperties properties) {
        S3Client s3 = S3Client.builder()
                .endpointOverride(properties.endpoint())
                .region(Region.of(properties.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(properties.accessKey(), properties.secretKey())))
                .build();
        createBucketIfMissing(s3, properties.bucket());
        return s3;
    }

    private static void createBucketIfMissing(S3Client s3, String bucket) {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException missing) {
            s3.createBucket(b -> b.bucket(bucket));
        }
    }

    /** "objectStore" in readiness: the bucket answers. */
    @Bean
    HealthIndicator objectStoreHealthIndicator(S3Client s3, ObjectStoreProperties properties) {
        return new AbstractHealthIndicator("object store check failed") {
            @Override
            protected void doHealthCheck(Health.Builder builder) {
                s3.headBucket(b -> b.bucket(properties.bucket()));
                builder.up().withDetail("bucket", properties.bucket());
            }
        };
    }
}
