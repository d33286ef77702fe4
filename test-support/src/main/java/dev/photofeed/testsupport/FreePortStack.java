package dev.photofeed.testsupport;

import dev.photofeed.localstack.Ports;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The environment for a whole {@code ./stack} that a test starts beside whatever the developer runs: every
 * component on a free port, and its own data folder.
 */
public final class FreePortStack {

    private FreePortStack() {
    }

    public static Map<String, String> environment(Path data) {
        Ports free = Ports.free(2); // the stack's two shards, on consecutive ports
        Map<String, String> env = new HashMap<>();
        env.put("PHOTOFEED_DATA_DIR", data.toString());
        env.put("PHOTOFEED_GATEWAY_PORT", String.valueOf(free.gateway()));
        env.put("PHOTOFEED_USER_SERVICE_PORT", String.valueOf(free.userService()));
        env.put("PHOTOFEED_MEDIA_SERVICE_PORT", String.valueOf(free.mediaService()));
        env.put("PHOTOFEED_FEED_SERVICE_PORT", String.valueOf(free.feedService()));
        env.put("PHOTOFEED_REDIS_PORT", String.valueOf(free.redis()));
        env.put("PHOTOFEED_KAFKA_PORT", String.valueOf(free.kafka()));
        env.put("PHOTOFEED_KAFKA_CONTROLLER_PORT", String.valueOf(free.kafkaController()));
        env.put("PHOTOFEED_OBJECT_STORE_PORT", String.valueOf(free.objectStore()));
        env.put("PHOTOFEED_ZIPKIN_PORT", String.valueOf(free.zipkin()));
        env.put("PHOTOFEED_POSTGRES_PORT", String.valueOf(free.postgres().getFirst()));
        return env;
    }
}
