package dev.photofeed.media.photo;

import dev.photofeed.common.shard.ShardRouter;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Removes the blobs of uploads that never committed. Fenced against an upload still under way: an intent is
 * first claimed ({@code swept_at}) in a statement that checks, at that moment, that it is older than
 * {@code orphan-after} and that no photo row references it; only then is the blob deleted. The upload's
 * transaction clears only an unclaimed intent (and waits on the row lock while a claim is in flight), so a
 * claimed upload can never commit: no committed photo loses its blob. A claim left by a crash is finished by
 * the next sweep. Deletes repeat harmlessly, so several replicas may sweep at once. It sweeps every
 * {@code sweep-every}, the first time that long after start.
 */
@Component
class OrphanSweeper implements SchedulingConfigurer {

    private final ShardRouter shards;
    private final Photos photos;
    private final UploadProperties settings;

    OrphanSweeper(ShardRouter shards, Photos photos, UploadProperties settings) {
        this.shards = shards;
        this.photos = photos;
        this.settings = settings;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        tasks.addFixedDelayTask(new FixedDelayTask(this::sweep, settings.sweepEvery(), settings.sweepEvery()));
    }

    void sweep() {
        sweep(Instant.now().minus(settings.orphanAfter()));
    }

    /** Returns how many abandoned uploads were cleared. */
    int sweep(Instant olderThan) {
        int cleared = 0;
        for (ShardRouter.Shard shard : shards.all()) {
            shard.jdbc().sql("""
                            UPDATE pending_uploads p SET swept_at = now()
                            WHERE swept_at IS NULL AND created_at < ? AND NOT EXISTS (SELECT 1 FROM photos WHERE photos.id = p.id)
                            """)
                    .param(Timestamp.from(olderThan)).update();
            List<Long> claimed = shard.jdbc().sql("SELECT id FROM pending_uploads WHERE swept_at IS NOT NULL")
                    .query(Long.class).list();
            for (long id : claimed) {
                if (photos.deleteBlobQuietly(Photo.blobKey(id))) { // else the claim stays for the next sweep
                    shard.jdbc().sql("DELETE FROM pending_uploads WHERE id = ?").param(id).update();
                    cleared++;
                }
            }
        }
        return cleared;
    }
}
