package dev.photofeed.media.photo;

import dev.photofeed.common.shard.ShardRouter;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Removes the blobs of uploads that never committed: an intent row older than {@code orphan-after} whose
 * photo does not exist means the blob (if it was written) is an orphan. Deletes repeat harmlessly, so
 * several replicas may sweep at once.
 */
@Component
class OrphanSweeper {

    private final ShardRouter shards;
    private final Photos photos;
    private final UploadSettings settings;

    OrphanSweeper(ShardRouter shards, Photos photos, UploadSettings settings) {
        this.shards = shards;
        this.photos = photos;
        this.settings = settings;
    }

    @Scheduled(fixedDelayString = "${photofeed.upload.sweep-every:60s}", initialDelayString = "${photofeed.upload.sweep-every:60s}")
    void sweep() {
        sweep(Instant.now().minus(settings.orphanAfter()));
    }

    /** Returns how many abandoned uploads were cleared. */
    int sweep(Instant olderThan) {
        int cleared = 0;
        for (ShardRouter.Shard shard : shards.all()) {
            List<Long> abandoned = shard.jdbc().sql("""
                            SELECT p.id FROM pending_uploads p
                            WHERE p.created_at < ? AND NOT EXISTS (SELECT 1 FROM photos WHERE photos.id = p.id)
                            """)
                    .param(Timestamp.from(olderThan)).query(Long.class).list();
            for (long id : abandoned) {
                photos.deleteBlobQuietly(Photo.blobKey(id));
                shard.jdbc().sql("DELETE FROM pending_uploads WHERE id = ?").param(id).update();
                cleared++;
            }
        }
        return cleared;
    }
}
