package dev.photofeed.media.photo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * {@code photofeed.upload.*}. The byte limit is Spring's {@code spring.servlet.multipart.max-file-size}.
 *
 * @param maxPixels    the largest image, in pixels
 * @param maxCaption   the longest caption, in characters (Instagram's limit)
 * @param orphanAfter  how old an unfinished upload gets before the sweeper removes its blob: the grace, far past the
 *                     gateway's time limit for an upload, so only a dead one is swept; one slower still fails at its
 *                     fence and keeps no photo, never a photo without its blob
 * @param sweepEvery   how often the sweeper looks for such uploads
 * @param decodeMemory the heap that decoded rasters (uploads' and thumbnails') may hold at once; unset, a third
 *                     of the heap: at the 576 MiB heap of a 768 MiB container, room for one 40-megapixel ARGB raster
 * @param decodeWait   how long an upload waits for room in that budget before it is refused with 503
 */
@ConfigurationProperties("photofeed.upload")
public record UploadProperties(@DefaultValue("40000000") long maxPixels,
                               @DefaultValue("2200") int maxCaption,
                               @DefaultValue("1h") Duration orphanAfter,
                               @DefaultValue("60s") Duration sweepEvery,
                               DataSize decodeMemory,
                               @DefaultValue("1s") Duration decodeWait) {

    long decodeBytes() {
        return decodeMemory == null ? Runtime.getRuntime().maxMemory() / 3 : decodeMemory.toBytes();
    }
}
