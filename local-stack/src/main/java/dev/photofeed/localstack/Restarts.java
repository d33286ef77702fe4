package dev.photofeed.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** How many times the supervisor started each component again after it died: one line per component, "name count". */
final class Restarts {

    private Restarts() {
    }

    static synchronized void count(StackLayout layout, String component) {
        Map<String, Integer> counts = new TreeMap<>(read(layout));
        counts.merge(component, 1, Integer::sum);
        StringBuilder lines = new StringBuilder();
        counts.forEach((name, n) -> lines.append(name).append(' ').append(n).append('\n'));
        ControlRequests.write(file(layout), lines.toString());
    }

    static Map<String, Integer> read(StackLayout layout) {
        Map<String, Integer> counts = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(file(layout))) {
                String[] fields = line.trim().split(" ");
                if (fields.length == 2) {
                    counts.put(fields[0], Integer.parseInt(fields[1]));
                }
            }
        } catch (IOException | NumberFormatException none) {
            // no restarts yet
        }
        return counts;
    }

    static void clear(StackLayout layout) {
        try {
            Files.deleteIfExists(file(layout));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file(StackLayout layout) {
        return layout.control().resolve("restarts");
    }
}
