package dev.photofeed.media.photo;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * {@code photofeed.upload.*}: the largest image in pixels ({@code max-pixels}, 40 M), the longest caption
 * ({@code max-caption}, 2,200 characters, Instagram's), how old an unfinished upload gets before the sweeper
 * removes its blob ({@code orphan-after}, 1 h: the grace, far past the gateway's 60 s for an upload, so only a
 * dead one is swept; one slower still fails at its fence and keeps no photo, never a photo without its blob).
 * The byte limit is Spring's {@code spring.servlet.multipart.max-file-size}.
 */
@ConfigurationProperties("photofeed.upload")
public record UploadProperties(Long maxPixels, Integer maxCaption, Duration orphanAfter) {

    public UploadProperties {
        maxPixels = maxPixels == null ? 40_000_000L : maxPixels;
        maxCaption = maxCaption == null ? 2200 : maxCaption;
        orphanAfter = orphanAfter == null ? Duration.ofHours(1) : orphanAfter;
    }
}
