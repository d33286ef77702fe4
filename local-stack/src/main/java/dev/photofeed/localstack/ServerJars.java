package dev.photofeed.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** The programs the build copied into local-stack/target/servers (see this module's pom). */
final class ServerJars {

    private ServerJars() {
    }

    static Path s3proxy() {
        return path("s3proxy.jar", "S3Proxy");
    }

    static Path zipkin() {
        return path("zipkin.jar", "Zipkin");
    }

    static Path openTelemetryAgent() {
        return path("opentelemetry-javaagent.jar", "The OpenTelemetry agent");
    }

    private static Path path(String key, String what) {
        Properties servers = new Properties();
        try (InputStream in = ServerJars.class.getResourceAsStream("/photofeed-servers.properties")) {
            servers.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path jar = Path.of(servers.getProperty(key));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(what + " is missing at " + jar + ": build the project first (./mvnw package)");
        }
        return jar;
    }
}
