package dev.photofeed.gateway;

import org.springframework.test.context.DynamicPropertyRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.springframework.test.context.DynamicPropertySource;

/** A gateway test whose routes all lead to one {@link StubUpstream}, shared by the test JVM. */
public abstract class StubbedUpstreams {

    protected static final StubUpstream UPSTREAM = new StubUpstream();

    @DynamicPropertySource
    static void upstreams(DynamicPropertyRegistry registry) {
        registry.add("photofeed.upstream.user-service", UPSTREAM::url);
        registry.add("photofeed.upstream.media-service", UPSTREAM::url);
        registry.add("photofeed.upstream.feed-service", UPSTREAM::url);
    }

    /**
     * A request exactly as written, its head ending before the blank line, and the whole answer: HTTP client
     * libraries would normalise path tricks away and refuse oversized heads themselves.
     */
    protected static String raw(int port, String head) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            OutputStream out = socket.getOutputStream();
            out.write((head + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
