package dev.photofeed.common.connections;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code photofeed.connection-reuse.*}.
 *
 * @param enabled the connection-reuse switch (PHOTOFEED_CONNECTIONREUSE_ENABLED). Off, nothing keeps a connection
 *                for the next request: each Postgres transaction (or statement outside one) and each Redis command
 *                opens its own TCP connection and handshake and closes it after, seed 000's cold connections.
 */
@ConfigurationProperties("photofeed.connection-reuse")
public record ConnectionReuseProperties(@DefaultValue("true") boolean enabled) {
}
