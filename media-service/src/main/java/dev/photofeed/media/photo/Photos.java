package dev.photofeed.media.photo;

import dev.photofeed.common.cache.CacheAside;
import dev.photofeed.common.cache.CacheAsideFactory;
import dev.photofeed.common.id.IdGenerator;
import dev.photofeed.common.id.PhotofeedId;
import dev.photofeed.common.kafka.KafkaNames;
import dev.photofeed.common.outbox.OutboxWriter;
import dev.photofeed.common.shard.ShardRouter;
import dev.photofeed.common.web.ApiException;
import dev.photofeed.media.storage.BlobStore;
import dev.photofeed.media.upload.ImageInspector;
import dev.photofeed.media.upload.MetadataStripper;
import dev.photofeed.media.user.KnownUsers;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Photos on their owners' shards. An upload is checked and cleaned in memory, then: an intent row
 * ({@code pending_uploads}), the blob, and one shard transaction that clears the intent (only if the
 * {@link OrphanSweeper} has not claimed it), inserts the photo and appends the {@code photo-posted} event to the
 * outbox. A failure anywhere leaves either nothing or an intent row that the sweeper turns into a deleted blob;
 * the blob of a photo that committed is never deleted.
 */
@Component
@EnableConfigurationProperties(UploadProperties.class)
public class Photos {

    private static final Logger log = LoggerFactory.getLogger(Photos.class);

    private final ShardRouter shards;
    private final IdGenerator ids;
    private final BlobStore blobs;
    private final OutboxWriter outbox;
    private final KafkaNames kafka;
    private final UploadProperties settings;
    private final ImageInspector inspector;
    private final CacheAside<Photo> cache;
    private final CacheAside<RecentPhotos> recent;
    private final KnownUsers users;
    private final MeterRegistry meters;

    /** The newest photo ids of one user: the first page of their photos, read far more often than written. */
    record RecentPhotos(List<Long> ids) {
    }

    static final int RECENT = 100;

    Photos(ShardRouter shards, IdGenerator ids, BlobStore blobs, OutboxWriter outbox, KafkaNames kafka,
           UploadProperties settings, ImageInspector inspector, CacheAsideFactory caches, KnownUsers users,
           MeterRegistry meters) {
        this.shards = shards;
        this.ids = ids;
        this.blobs = blobs;
        this.outbox = outbox;
        this.kafka = kafka;
        this.settings = settings;
        this.users = users;
        this.inspector = inspector;
        this.meters = meters;
        this.cache = caches.create("photo", Photo.class);
        this.recent = caches.create("recent-photos", RecentPhotos.class);
    }

    public PhotoView upload(long ownerId, byte[] bytes, String caption) {
        String text = caption == null ? "" : caption;
        if (text.length() > settings.maxCaption()) {
            throw ApiException.badRequest("caption-too-long", "a caption has at most " + settings.maxCaption() + " characters");
        }
        if (bytes.length == 0) {
            throw ApiException.badRequest("empty-file", "the file is empty");
        }
        ImageInspector.Inspection image = inspect(bytes);
        byte[] stored = MetadataStripper.strip(image.format(), bytes);

        long id = ids.next(PhotofeedId.logicalShard(ownerId));
        Photo photo = new Photo(id, ownerId, text, image.format().mediaType(), image.width(), image.height(),
                stored.length, sha256(stored), PhotofeedId.createdAt(id), false);
        PhotoView view = PhotoView.of(photo);
        ShardRouter.Shard shard = shards.forId(id);
        shard.jdbc().sql("INSERT INTO pending_uploads (id) VALUES (?)").param(id).update();
        AtomicBoolean committing = new AtomicBoolean();
        try {
            blobs.put(photo.blobKey(), stored, photo.mediaType());
            shard.transactions().executeWithoutResult(tx -> {
                // the fence: a claimed intent means the sweeper may have deleted the blob, so this photo must not commit
                if (shard.jdbc().sql("DELETE FROM pending_uploads WHERE id = ? AND swept_at IS NULL").param(id).update() != 1) {
                    throw new IllegalStateException("upload " + id + " outlived photofeed.upload.orphan-after; the sweeper took it");
                }
                shard.jdbc().sql("""
                                INSERT INTO photos (id, owner_id, caption, media_type, width, height, size_bytes, sha256, created_at)
                                VALUES (:id, :owner, :caption, :mediaType, :width, :height, :size, :sha256, :createdAt)
                                """)
                        .param("id", id).param("owner", ownerId).param("caption", text)
                        .param("mediaType", photo.mediaType()).param("width", photo.width()).param("height", photo.height())
                        .param("size", photo.sizeBytes()).param("sha256", photo.sha256())
                        .param("createdAt", java.sql.Timestamp.from(photo.createdAt()))
                        .update();
                outbox.append(shard.jdbc(), kafka.topic(KafkaNames.PHOTO_EVENTS), PhotofeedId.format(ownerId),
                        PhotoEvent.POSTED, PhotoEvent.of(view));
                users.remember(shard, ownerId); // a verified token names a real user, even before its user-created arrives
                recent.invalidate(PhotofeedId.format(ownerId)); // after the commit
                committing.set(true); // from here a failure is ambiguous: the commit may have happened
            });
        } catch (RuntimeException e) {
            if (!committing.get()) {
                deleteBlobQuietly(photo.blobKey()); // rolled back for certain: no row references the blob
                throw e;
            }
            if (!committed(shard, id)) {
                throw e; // not known to have committed: blob and intent stay, for the sweeper to judge after the grace
            }
            log.warn("upload {} committed, though its commit reported {}", PhotofeedId.format(id), e.toString());
            recent.invalidate(PhotofeedId.format(ownerId)); // its after-commit invalidation may not have run
        }
        cache.invalidate(PhotofeedId.format(id)); // a miss for this id may have been cached negatively
        return view;
    }

    /** Whether the photo row is there; false too when the shard cannot say. */
    private boolean committed(ShardRouter.Shard shard, long id) {
        try {
            return shard.jdbc().sql("SELECT count(*) FROM photos WHERE id = ?").param(id).query(Long.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    public Optional<Photo> find(long id) {
        return cache.get(PhotofeedId.format(id), this::load);
    }

    private Optional<Photo> load(String key) {
        long id = PhotofeedId.parse(key).orElseThrow();
        return shards.forId(id).jdbc().sql("SELECT * FROM photos WHERE id = ?").param(id).query(Photos::row).optional();
    }

    /** The photos among {@code ids} that one shard holds (the ids must all live on it). */
    public List<Photo> onShard(ShardRouter.Shard shard, List<Long> ids) {
        return shard.jdbc().sql("SELECT * FROM photos WHERE id IN (:ids)").param("ids", ids).query(Photos::row).list();
    }

    public java.io.InputStream open(String blobKey) {
        return blobs.open(blobKey);
    }

    /**
     * Stores a photo's thumbnail and shows it as ready, with a {@code photo-updated} event in the same transaction
     * so the feed's copy of the item shows it too; doing it twice changes nothing.
     */
    public void thumbnailMade(Photo photo, byte[] jpeg) {
        blobs.put(photo.thumbnailKey(), jpeg, "image/jpeg");
        ShardRouter.Shard shard = shards.forId(photo.id());
        shard.transactions().executeWithoutResult(tx -> {
            int changed = shard.jdbc().sql("UPDATE photos SET thumbnail_ready = true WHERE id = ? AND NOT thumbnail_ready")
                    .param(photo.id()).update();
            if (changed == 1) {
                outbox.append(shard.jdbc(), kafka.topic(KafkaNames.PHOTO_EVENTS), PhotofeedId.format(photo.ownerId()),
                        PhotoEvent.UPDATED, PhotoEvent.of(PhotoView.of(photo.withThumbnailReady())));
            }
        });
        cache.invalidate(PhotofeedId.format(photo.id()));
    }

    /**
     * A user's photos, newest first, older than {@code beforeId}; {@code limit + 1} rows for paging. The first
     * page comes from the cached recent-id list and the per-photo cache (one MGET); deeper pages from the owner's shard.
     */
    public List<Photo> byOwner(long ownerId, long beforeId, int limit) {
        if (beforeId == Long.MAX_VALUE && limit < RECENT) {
            List<Long> ids = recent.get(PhotofeedId.format(ownerId), key -> Optional.of(new RecentPhotos(
                    shards.forId(ownerId).jdbc().sql("SELECT id FROM photos WHERE owner_id = ? ORDER BY id DESC LIMIT ?")
                            .param(ownerId).param(RECENT).query(Long.class).list()))).orElseThrow().ids();
            List<String> page = ids.stream().limit(limit + 1L).map(PhotofeedId::format).toList();
            return cache.getAll(page, this::load).stream().flatMap(Optional::stream).toList();
        }
        return shards.forId(ownerId).jdbc()
                .sql("SELECT * FROM photos WHERE owner_id = ? AND id < ? ORDER BY id DESC LIMIT ?")
                .param(ownerId).param(beforeId).param(limit + 1)
                .query(Photos::row).list();
    }

    private ImageInspector.Inspection inspect(byte[] bytes) {
        try {
            return inspector.inspect(bytes);
        } catch (ImageInspector.Rejected rejected) {
            if (rejected.reason() == ImageInspector.Rejected.Reason.BUSY
                    || rejected.reason() == ImageInspector.Rejected.Reason.OVER_DECODE_BUDGET) {
                meters.counter("photofeed.upload.decode.refused", "reason", rejected.reason().name().toLowerCase()).increment();
            }
            throw switch (rejected.reason()) {
                case NOT_AN_IMAGE -> new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "not-an-image", rejected.getMessage());
                case CORRUPT -> ApiException.badRequest("corrupt-image", rejected.getMessage());
                case TOO_MANY_PIXELS -> ApiException.badRequest("image-too-large", rejected.getMessage());
                case OVER_DECODE_BUDGET -> new ApiException(HttpStatus.CONTENT_TOO_LARGE, "image-too-large", rejected.getMessage());
                case BUSY -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "busy", rejected.getMessage());
            };
        } catch (IllegalArgumentException malformed) {
            throw ApiException.badRequest("corrupt-image", malformed.getMessage());
        }
    }

    /** Returns whether the blob is gone. */
    boolean deleteBlobQuietly(String key) {
        try {
            blobs.delete(key);
            return true;
        } catch (RuntimeException e) {
            log.warn("could not delete blob {} ({}); the sweeper will", key, e.getMessage());
            return false;
        }
    }

    private static Photo row(ResultSet rs, int n) throws SQLException {
        return new Photo(rs.getLong("id"), rs.getLong("owner_id"), rs.getString("caption"), rs.getString("media_type"),
                rs.getInt("width"), rs.getInt("height"), rs.getLong("size_bytes"), rs.getString("sha256"),
                rs.getTimestamp("created_at").toInstant(), rs.getBoolean("thumbnail_ready"));
    }

    private static String sha256(byte[] bytes) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
