package dev.photofeed.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code ./stack profile}: a Java Flight Recorder recording of a running JVM of the stack, started with
 * {@code jcmd JFR.start} (the "profile" settings: method samples, allocation, locks, I/O) for a fixed duration.
 * JFR writes the file when the recording ends; open it in JDK Mission Control or with {@code jfr print}.
 */
final class Profiler {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;

    Profiler(Path dir) {
        this.dir = dir;
    }

    /** Seconds from the command line: a whole number from 1 to 3600, else a message the user can act on. */
    static Duration duration(String seconds) {
        try {
            int value = Integer.parseInt(seconds.trim());
            if (value >= 1 && value <= 3600) {
                return Duration.ofSeconds(value);
            }
        } catch (NumberFormatException ignored) {
            // fall through to the message
        }
        throw new StackException("'" + seconds + "' is not a duration: give whole seconds from 1 to 3600");
    }

    /** Records {@code duration} of {@code process} and returns the finished file. */
    Path record(String component, ProcessHandle process, Duration duration, Consumer<String> progress) {
        if (!process.info().command().map(c -> c.endsWith("/java")).orElse(false)) {
            throw new StackException(component + " is not a JVM: JFR records the services, kafka, object-store and zipkin");
        }
        String name = component + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path file = dir.resolve(name + ".jfr").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StackException("could not create " + dir + ": " + e.getMessage());
        }
        jcmd(process, "JFR.start", "name=" + name, "settings=profile", "duration=" + duration.toSeconds() + "s",
                "filename=" + file);
        progress.accept("recording " + component + " (pid " + process.pid() + ") for " + duration.toSeconds() + " s…");
        sleep(duration.toMillis());
        awaitWritten(file, process);
        return file;
    }

    /** The file appears when the recording stops; done once its size holds still. */
    private static void awaitWritten(Path file, ProcessHandle process) {
        long deadline = System.nanoTime() + WRITE_TIMEOUT.toNanos();
        long lastSize = -1;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new StackException("the process exited during the recording; nothing was written to " + file);
            }
            long size = size(file);
            if (size > 0 && size == lastSize) {
                return;
            }
            lastSize = size;
            sleep(500);
        }
        throw new StackException("JFR did not finish writing " + file + " within " + WRITE_TIMEOUT.toSeconds() + " s");
    }

    private static void jcmd(ProcessHandle process, String... command) {
        List<String> line = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(process.pid())));
        line.addAll(List.of(command));
        try {
            Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
            String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (jcmd.waitFor() != 0 || !output.contains("Started recording")) {
                throw new StackException("jcmd could not start a recording: " + output.strip().replace('\n', ' '));
            }
        } catch (IOException e) {
            throw new StackException("could not run jcmd: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }

    private static long size(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted");
        }
    }
}
