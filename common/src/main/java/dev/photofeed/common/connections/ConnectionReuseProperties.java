package dev.photofeed.common.connections;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code photofeed.connection-reuse.enabled} (PHOTOFEED_CONNECTIONREUSE_ENABLED): the connection-reuse switch, on
 * by default. Off, nothing keeps a connection for the next request: each Postgres transaction (or statement
 * outside one) and each Redis command opens its own TCP connection and handshake and closes it after, seed
 * 000's cold connections.
 */
@ConfigurationProperties("photofeed.connection-reuse")
public record ConnectionReuseProperties(Boolean enabled) {

    public ConnectionReuseProperties {
        enabled = enabled == null || enabled;
    }
}
