package dev.photofeed.media.photo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.upload.*}. The byte limit is Spring's {@code spring.servlet.multipart.max-file-size}.
 *
 * @param maxPixels   the largest image, in pixels
 * @param maxCaption  the longest caption, in characters (Instagram's limit)
 * @param orphanAfter how old an unfinished upload gets before the sweeper removes its blob: the grace, far past the
 *                    gateway's time limit for an upload, so only a dead one is swept; one slower still fails at its
 *                    fence and keeps no photo, never a photo without its blob
 * @param sweepEvery  how often the sweeper looks for such uploads
 */
@ConfigurationProperties("photofeed.upload")
public record UploadProperties(@DefaultValue("40000000") long maxPixels,
                               @DefaultValue("2200") int maxCaption,
                               @DefaultValue("1h") Duration orphanAfter,
                               @DefaultValue("60s") Duration sweepEvery) {
}
