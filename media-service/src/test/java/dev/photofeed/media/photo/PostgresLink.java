package dev.photofeed.media.photo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP link between the service and a real Postgres that can fail the way a network does, once each: hold a
 * statement back (a slow upload), or cut the connection after the server has committed but before the client
 * hears so (a lost commit acknowledgement). Both are keyed by SQL text, so the JDBC URL through it should
 * carry {@code prepareThreshold=0} (every statement sends its text).
 */
final class PostgresLink implements AutoCloseable {

    private static final byte[] COMMIT_COMPLETE = {'C', 0, 0, 0, 11, 'C', 'O', 'M', 'M', 'I', 'T', 0};

    private final ServerSocket server;
    private final InetSocketAddress target;
    private volatile byte[] holdAt;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch released = new CountDownLatch(1);
    private volatile byte[] cutCommitAfter;
    final AtomicInteger cuts = new AtomicInteger();

    PostgresLink(String host, int port) throws IOException {
        this.target = new InetSocketAddress(host, port);
        this.server = new ServerSocket(0);
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** The next statement containing {@code sql} waits until {@link #release}. */
    void holdNext(String sql) {
        held = new CountDownLatch(1);
        released = new CountDownLatch(1);
        holdAt = sql.getBytes(StandardCharsets.UTF_8);
    }

    boolean awaitHeld() throws InterruptedException {
        return held.await(30, TimeUnit.SECONDS);
    }

    void release() {
        released.countDown();
    }

    /** The connection that next sends a statement containing {@code sql} is cut as its COMMIT's answer comes back. */
    void cutCommitAfter(String sql) {
        cutCommitAfter = sql.getBytes(StandardCharsets.UTF_8);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getHostString(), target.getPort());
                boolean[] doomed = {false};
                Thread.ofVirtual().start(() -> pump(client, upstream, true, doomed));
                Thread.ofVirtual().start(() -> pump(upstream, client, false, doomed));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(Socket from, Socket to, boolean toServer, boolean[] doomed) {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                if (toServer) {
                    byte[] hold = holdAt;
                    if (hold != null && contains(buffer, n, hold)) {
                        holdAt = null;
                        held.countDown();
                        released.await(60, TimeUnit.SECONDS);
                    }
                    byte[] cut = cutCommitAfter;
                    if (cut != null && contains(buffer, n, cut)) {
                        cutCommitAfter = null;
                        doomed[0] = true;
                    }
                } else if (doomed[0] && contains(buffer, n, COMMIT_COMPLETE)) {
                    cuts.incrementAndGet(); // committed on the server; the client never hears it
                    from.close();
                    to.close();
                    return;
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // the other side went away
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static boolean contains(byte[] buffer, int length, byte[] needle) {
        outer:
        for (int i = 0; i <= length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (buffer[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
