package dev.photofeed.common.warmup;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code photofeed.warm-pools.*}.
 *
 * @param enabled the warm-pools switch (PHOTOFEED_WARMPOOLS_ENABLED): Postgres pools filled before readiness
 */
@ConfigurationProperties("photofeed.warm-pools")
public record WarmPoolsProperties(@DefaultValue("true") boolean enabled) {
}
