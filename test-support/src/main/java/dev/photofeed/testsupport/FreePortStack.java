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
        Map<String, String> env = new HashMap<>(Ports.free(2).environment()); // the stack's two shards, on consecutive ports
        env.put("PHOTOFEED_DATA_DIR", data.toString());
        return env;
    }
}
