package dev.photofeed.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * How {@code ./stack stop|start|restart} reach the supervisor, which owns the servers: a request is a file in
 * the control folder ({@code <id>.request}, holding "action component"), its answer another ({@code <id>.done},
 * "ok …" or "error …"). Files, not a socket: the supervisor may be the detached one or a test's, and a request
 * left by a launcher that died is harmless.
 */
final class ControlRequests {

    private final Path dir;

    ControlRequests(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the supervisor does with one request; returns the line that answers it. */
    interface Handler {
        String handle(String action, String component);
    }

    /** Sends a request and waits for the supervisor's answer; a failure is a {@link StackException}. */
    String send(String action, String component, Duration timeout) {
        String id = UUID.randomUUID().toString();
        write(dir.resolve(id + ".request"), action + " " + component);
        Path done = dir.resolve(id + ".done");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(done)) {
                String answer = read(done);
                delete(done);
                if (answer.startsWith("error ")) {
                    throw new StackException(answer.substring("error ".length()));
                }
                return answer.substring(Math.min(answer.length(), "ok ".length()));
            }
            Waits.sleep(100);
        }
        delete(dir.resolve(id + ".request"));
        throw new StackException(action + " " + component + ": no answer from the supervisor in " + timeout.toSeconds() + " s");
    }

    /** Takes each waiting request and answers it, each on its own thread: a start can take a minute. */
    void serve(Handler handler) {
        for (Path request : waiting()) {
            String[] words = read(request).trim().split(" ", 2);
            delete(request);
            String id = request.getFileName().toString().replace(".request", "");
            Thread.ofVirtual().name("control-" + id).start(() -> {
                String answer;
                try {
                    answer = "ok " + handler.handle(words[0], words.length > 1 ? words[1] : "");
                } catch (RuntimeException e) {
                    answer = "error " + e.getMessage();
                }
                write(dir.resolve(id + ".done"), answer);
            });
        }
    }

    private List<Path> waiting() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".request")).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, content);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // answered or never read: nothing waits on it
        }
    }
}
