package dev.photofeed.media.internal;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code photofeed.batch.*}: the scatter-gather of {@link PhotoBatch}.
 *
 * @param deadline how long a batch waits for the shards before it answers with what came back
 */
@ConfigurationProperties("photofeed.batch")
record PhotoBatchProperties(@DefaultValue("250ms") Duration deadline) {
}
