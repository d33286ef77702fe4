package dev.photofeed.media.storage;

import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/** Photo bytes in the bucket, keyed by photo id. */
@Component
public class BlobStore {

    private final S3Client s3;
    private final String bucket;

    BlobStore(S3Client s3, ObjectStoreProperties properties) {
        this.s3 = s3;
        this.bucket = properties.bucket();
    }

    public void put(String key, byte[] bytes, String mediaType) {
        s3.putObject(b -> b.bucket(bucket).key(key).contentType(mediaType), RequestBody.fromBytes(bytes));
    }

    public ResponseInputStream<GetObjectResponse> open(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key));
    }

    /** Deleting a key that is not there succeeds: sweeps may repeat. */
    public void delete(String key) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
    }

    public boolean exists(String key) {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key));
            return true;
        } catch (software.amazon.awssdk.services.s3.model.NoSuchKeyException e) {
            return false;
        }
    }
}
