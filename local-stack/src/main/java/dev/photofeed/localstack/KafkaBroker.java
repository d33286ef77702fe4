package dev.photofeed.localstack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Kafka 4 broker in KRaft mode (one combined broker and controller), run as a child JVM on our own
 * classpath, where Maven put the broker's jars. Its log directory is formatted once and kept.
 */
public final class KafkaBroker extends ChildServer {

    /**
     * C2 thresholds ten times the default: the broker's start-up code crosses the default ones and C2 compiled it
     * for nothing (7.7 of its 27 CPU-s to ready); its steady-state paths cross these too. The services keep the
     * defaults: there the same change made a gateway two minutes old cost twice the CPU per read.
     */
    private static final List<String> JVM = List.of("-Xms128m", "-Xmx512m", "-XX:+UseG1GC",
            "-XX:Tier4InvocationThreshold=50000", "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000", "-XX:Tier4BackEdgeThreshold=400000");

    private final int controllerPort;

    public KafkaBroker(int port, int controllerPort, Path dataDir, Path log, ProcessRegistry registry) {
        super(Component.KAFKA.id(), port, dataDir, log, registry);
        this.controllerPort = controllerPort;
    }

    public String bootstrapServers() {
        return "localhost:" + port();
    }

    @Override
    public void start() throws Exception {
        Path logDir = dir.resolve("log");
        Path config = dir.resolve("server.properties");
        Path logging = dir.resolve("logback.xml");
        Files.createDirectories(logDir);
        Files.writeString(config, serverProperties(logDir));
        Files.writeString(logging, LOGGING);
        List<String> jvm = new java.util.ArrayList<>(JVM);
        jvm.add("-Dlogback.configurationFile=" + logging.toAbsolutePath());
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            format(jvm, config);
        }
        launch(Java.command(jvm, "kafka.Kafka", config.toAbsolutePath().toString()), Map.of(),
                Duration.ofSeconds(180), this::answers);
    }

    private void format(List<String> jvm, Path config) throws Exception {
        List<String> command = Java.command(jvm, "kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", config.toAbsolutePath().toString(), "--standalone");
        Process format = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
            format.destroyForcibly();
            throw new IllegalStateException("formatting Kafka's log directory failed; the end of " + log + ":\n" + Logs.tail(log, 20));
        }
    }

    private boolean answers() {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 1000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 1500))) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception notYet) {
            return false;
        }
    }

    /**
     * One broker for one machine's stack: a network thread and two request threads, not 3 and 8, each of which
     * wakes every 300 ms when idle; and no no-op record written to the metadata log every 500 ms, which exists to
     * show other brokers that the controller is alive, and there are none.
     */
    private String serverProperties(Path logDir) {
        return """
                process.roles=broker,controller
                node.id=1
                controller.quorum.bootstrap.servers=localhost:%2$d
                listeners=PLAINTEXT://localhost:%1$d,CONTROLLER://localhost:%2$d
                advertised.listeners=PLAINTEXT://localhost:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=8
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                num.network.threads=1
                num.io.threads=2
                background.threads=2
                metadata.max.idle.interval.ms=0
                """.formatted(port(), controllerPort, logDir.toAbsolutePath());
    }

    private static final String LOGGING = """
            <configuration>
              <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{30} - %msg%n</pattern></encoder>
              </appender>
              <logger name="kafka" level="INFO"/>
              <logger name="org.apache.kafka" level="WARN"/>
              <root level="WARN"><appender-ref ref="OUT"/></root>
            </configuration>
            """;

}
