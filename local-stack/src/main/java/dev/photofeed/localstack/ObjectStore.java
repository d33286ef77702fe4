package dev.photofeed.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * An S3-compatible object store: S3Proxy over the filesystem, its own process from its self-contained jar,
 * checking real AWS signatures, so the services' AWS SDK client is the one they use against MinIO or S3.
 */
public final class ObjectStore extends ChildServer {

    public static final String ACCESS_KEY = "photofeed";
    public static final String SECRET_KEY = "photofeed-secret";

    public ObjectStore(int port, Path dataDir, Path log, ProcessRegistry registry) {
        super(Component.OBJECT_STORE.id(), port, dataDir, log, registry);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    @Override
    public void start() throws IOException {
        Path blobs = dir.resolve("blobs");
        Files.createDirectories(blobs);
        Path config = dir.resolve("s3proxy.conf");
        Files.writeString(config, """
                s3proxy.endpoint=%s
                s3proxy.authorization=aws-v2-or-v4
                s3proxy.identity=%s
                s3proxy.credential=%s
                jclouds.provider=filesystem-nio2
                jclouds.filesystem.basedir=%s
                """.formatted(endpoint(), ACCESS_KEY, SECRET_KEY, blobs.toAbsolutePath()));
        launch(List.of(Java.executable(), "-Xmx256m", "-XX:+UseSerialGC",
                        "-jar", ServerJars.s3proxy().toString(), "--properties", config.toAbsolutePath().toString()),
                Map.of(), Duration.ofSeconds(180), this::answers);
    }

    private boolean answers() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build()) {
            http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
