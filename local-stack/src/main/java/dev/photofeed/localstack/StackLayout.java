package dev.photofeed.localstack;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where things are: the project (for the services' jars) and the one git-ignored data folder holding each
 * server's data, every component's log, and the pid files.
 */
public record StackLayout(Path project, Path data, int shards, Ports ports, Tracing tracing, boolean restartOnExit) {

    public static StackLayout fromEnvironment(Path project, Map<String, String> env) {
        Path data = env.containsKey("PHOTOFEED_DATA_DIR")
                ? Path.of(env.get("PHOTOFEED_DATA_DIR")).toAbsolutePath()
                : project.resolve(".data");
        int shards = shards(env.getOrDefault("PHOTOFEED_SHARDS", "2"));
        Ports ports = Ports.fromEnvironment(env, shards);
        return new StackLayout(project, data, shards, ports,
                Tracing.fromEnvironment(env, "http://localhost:" + ports.of(Component.ZIPKIN) + "/api/v2/spans"),
                restartOnExit(env.getOrDefault("PHOTOFEED_RESTART_ON_EXIT", "true")));
    }

    /** Whether the supervisor starts a component again when it dies, as a container platform would. */
    private static boolean restartOnExit(String value) {
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "on" -> true;
            case "false", "off" -> false;
            default -> throw new StackException("PHOTOFEED_RESTART_ON_EXIT=" + value + " must be true or false");
        };
    }

    private static int shards(String value) {
        try {
            int shards = Integer.parseInt(value.trim());
            if (shards >= 1 && shards <= 16) {
                return shards;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new StackException("PHOTOFEED_SHARDS=" + value + " must be a whole number from 1 to 16");
    }

    public Path logs() {
        return data.resolve("logs");
    }

    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    /** The servers and services. */
    public ProcessRegistry registry() {
        return new ProcessRegistry(data.resolve("run").resolve("components"));
    }

    /** The supervisor that owns them (the foreground launcher, or the one --detach leaves running). */
    public ProcessRegistry supervisor() {
        return new ProcessRegistry(data.resolve("run").resolve("supervisor"));
    }

    /** Where {@code ./stack profile} writes its recordings. */
    public Path profiles() {
        return data.resolve("profiles");
    }

    /** Requests to the supervisor ({@link ControlRequests}), and what it keeps about restarts and held components. */
    public Path control() {
        return data.resolve("run").resolve("control");
    }

    public Path stateFile() {
        return data.resolve("run").resolve("state");
    }

    public Path jar(String module) {
        return project.resolve(module).resolve("target").resolve(module + ".jar");
    }
}
