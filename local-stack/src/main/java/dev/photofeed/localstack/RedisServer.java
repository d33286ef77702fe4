package dev.photofeed.localstack;

import redis.embedded.core.ExecutableProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A real {@code redis-server}, the binary shipped inside the embedded-redis artifact, run as our own child
 * process so that we hold its pid. Append-only file on, so timelines and rate-limit state survive a restart.
 */
public final class RedisServer extends ChildServer {

    public RedisServer(int port, Path dataDir, Path log, ProcessRegistry registry) {
        super(Component.REDIS.id(), port, dataDir, log, registry);
    }

    @Override
    public void start() throws IOException {
        String binary = ExecutableProvider.newJarResourceProvider().get().getAbsolutePath();
        // the binary was just written; a process forked meanwhile by a parallel start may still hold it open for
        // writing, and exec then fails with "Text file busy" (ETXTBSY) until that child has exec'd: try again
        for (int attempt = 1; ; attempt++) {
            try {
                launch(binary);
                return;
            } catch (UncheckedIOException e) {
                if (attempt == 10 || !String.valueOf(e.getMessage()).contains("Text file busy")) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    private void launch(String binary) {
        launch(List.of(binary,
                        "--port", String.valueOf(port()),
                        "--bind", "127.0.0.1",
                        "--dir", dir.toAbsolutePath().toString(),
                        "--appendonly", "yes",
                        "--save", ""),
                Map.of(), Duration.ofSeconds(30), () -> ping(port()));
    }

    /** Its append-only file goes: a cache restarted empty, as after the loss of its node. */
    @Override
    public void wipe() {
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One PING in RESP over a plain socket: enough to know the server answers. */
    static boolean ping(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = in.readNBytes(7);
            return new String(reply, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException notYet) {
            return false;
        }
    }
}
