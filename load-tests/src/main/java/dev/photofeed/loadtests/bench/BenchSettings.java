package dev.photofeed.loadtests.bench;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.StackLayout;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A run's knobs, as system properties so that {@code ./stack bench} and {@code ./mvnw gatling:test} set them
 * the same way: {@code photofeed.bench.rate} (arrivals per second), {@code .duration} (seconds), {@code .warmup} (seconds of load, ramped up to the rate, before the measured window, 10),
 * {@code .idle} (seconds the stack's idle CPU is measured for before any load, 5; 0 skips it),
 * {@code .idle-floor} (idle CPU already measured, {@code component=cores,…}: find-max measures it once, before
 * its first step, since between steps the stack is still busy with the last one), {@code .json} (file for the
 * JSON summary), {@code .readers} (how many seeded accounts log in and drive the load), {@code .gateway} and
 * {@code .credentials}. The stack (its ports, data folder and processes) is found the way {@code ./stack}
 * finds it: {@code photofeed.home} and the PHOTOFEED_* variables.
 */
public record BenchSettings(StackLayout layout, URI gateway, double rate, Duration duration, Duration warmUp,
                            Duration idle, Optional<Map<String, Double>> idleFloor, Optional<Path> json, Path credentials,
                            int readers) {

    public static final String PREFIX = "photofeed.bench.";
    public static final String IDLE_FLOOR = PREFIX + "idle-floor";

    public static BenchSettings fromSystemProperties() {
        StackLayout layout = StackLayout.fromEnvironment(project(), System.getenv());
        String gateway = property("gateway", "http://localhost:" + layout.ports().of(Component.GATEWAY));
        return new BenchSettings(layout, URI.create(gateway),
                Double.parseDouble(property("rate", "50")),
                seconds(property("duration", "30")),
                seconds(property("warmup", "10")),
                seconds(property("idle", "5")),
                Optional.ofNullable(System.getProperty(IDLE_FLOOR)).map(BenchSettings::parseFloor),
                Optional.ofNullable(System.getProperty(PREFIX + "json")).filter(s -> !s.isBlank()).map(Path::of),
                Path.of(property("credentials", defaultCredentials(layout).toString())),
                Integer.parseInt(property("readers", "100")));
    }

    /** {@code component=cores,…}, the value of {@link #IDLE_FLOOR}. */
    public static String formatFloor(Map<String, Double> cores) {
        return cores.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    static Map<String, Double> parseFloor(String value) {
        Map<String, Double> cores = new LinkedHashMap<>();
        for (String pair : value.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cores.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
            }
        }
        return cores;
    }

    private static Duration seconds(String value) {
        return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    }

    public static Path defaultCredentials(StackLayout layout) {
        return layout.data().resolve("bench").resolve("credentials.txt");
    }

    /** The project folder: photofeed.home, or the working directory or its parent, whichever holds ./stack. */
    public static Path project() {
        String home = System.getProperty("photofeed.home");
        if (home != null) {
            return Path.of(home).toAbsolutePath().normalize();
        }
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("stack")) || here.getParent() == null ? here : here.getParent();
    }

    private static String property(String name, String fallback) {
        return System.getProperty(PREFIX + name, fallback);
    }
}
