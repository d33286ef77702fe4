package dev.photofeed.loadtests.bench;

import dev.photofeed.localstack.StackLayout;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A run's knobs, as system properties so that {@code ./stack bench} and {@code ./mvnw gatling:test} set them
 * the same way: {@code photofeed.bench.rate} (arrivals per second), {@code .duration} (seconds), {@code .warmup} (seconds of the same load before the measured window, 10),
 * {@code .json} (file for the JSON summary), {@code .readers} (how many seeded accounts log in and drive the
 * load), {@code .gateway} and {@code .credentials}. The stack (its ports, data folder and processes) is found
 * the way {@code ./stack} finds it: {@code photofeed.home} and the PHOTOFEED_* variables.
 */
public record BenchSettings(StackLayout layout, URI gateway, double rate, Duration duration, Duration warmUp,
                            Optional<Path> json, Path credentials, int readers) {

    public static final String PREFIX = "photofeed.bench.";

    public static BenchSettings fromSystemProperties() {
        StackLayout layout = StackLayout.fromEnvironment(project(), System.getenv());
        String gateway = property("gateway", "http://localhost:" + layout.ports().gateway());
        return new BenchSettings(layout, URI.create(gateway),
                Double.parseDouble(property("rate", "50")),
                seconds(property("duration", "30")),
                seconds(property("warmup", "10")),
                Optional.ofNullable(System.getProperty(PREFIX + "json")).filter(s -> !s.isBlank()).map(Path::of),
                Path.of(property("credentials", defaultCredentials(layout).toString())),
                Integer.parseInt(property("readers", "100")));
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
