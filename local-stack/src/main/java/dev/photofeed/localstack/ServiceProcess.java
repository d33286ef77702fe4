package dev.photofeed.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One deployable (a Spring Boot jar) as its own JVM, as in production; ready when Actuator says so. */
public final class ServiceProcess extends ChildServer {

    /** One client for every probe: the supervisor polls four services ten times a second while they start. */
    private static final HttpClient PROBE = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();

    private final int probePort;
    private final Path jar;
    private final Map<String, String> environment;
    private final List<String> jvmOptions;

    public ServiceProcess(String name, int port, Path jar, Map<String, String> environment, Path workDir, Path log,
                          ProcessRegistry registry) {
        this(name, port, port, jar, environment, List.of(), workDir, log, registry);
    }

    /**
     * {@code probePort} is where its Actuator answers (a management port of its own, or {@code port}); {@code
     * jvmOptions} come before {@code -jar}: the tracing agent ({@link Tracing#jvmOptions}), for example.
     */
    public ServiceProcess(String name, int port, int probePort, Path jar, Map<String, String> environment, List<String> jvmOptions,
                          Path workDir, Path log, ProcessRegistry registry) {
        super(name, port, workDir, log, registry);
        this.probePort = probePort;
        this.jar = jar;
        this.environment = environment;
        this.jvmOptions = jvmOptions;
    }

    @Override
    public void start() {
        if (!Files.isRegularFile(jar)) {
            throw new StackException(jar + " is missing: build with ./mvnw package (./stack up does this for you)");
        }
        // native access: Netty (Lettuce's, the gateway's) then frees direct memory with free(); without it, on JDK 25
        // each free closes a shared arena, a handshake that stops every thread (a hundred a second under load)
        List<String> command = new ArrayList<>(List.of(Java.executable(), "-Xms256m", "-Xmx512m", "-XX:+UseG1GC",
                "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("SERVER_PORT", String.valueOf(port()));
        // 300 s: four JVMs with the tracing agent start side by side, and a busy 2-core machine has taken over
        // 180 s for them; a quiet one takes about a minute
        launch(command, env, Duration.ofSeconds(300), () -> ready(probePort));
    }

    /** The readiness group answers 200 once the service has started and warmed the connections of the stores that answer. */
    public static boolean ready(int port) {
        try {
            HttpResponse<Void> response = PROBE.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (java.io.IOException notYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
