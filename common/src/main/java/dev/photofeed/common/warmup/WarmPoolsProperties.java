package dev.photofeed.common.warmup;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code photofeed.warm-pools.enabled} (PHOTOFEED_WARMPOOLS_ENABLED): the warm-pools switch, on by default. */
@ConfigurationProperties("photofeed.warm-pools")
public record WarmPoolsProperties(Boolean enabled) {

    public WarmPoolsProperties {
        enabled = enabled == null || enabled;
    }
}
