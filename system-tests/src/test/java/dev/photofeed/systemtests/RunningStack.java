package dev.photofeed.systemtests;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.StackLayout;
import dev.photofeed.localstack.Supervisor;
import dev.photofeed.testsupport.FreePortStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Map;


/**
 * The whole system as {@code ./stack up} runs it (the same {@link Supervisor}: real stores, Zipkin, every service
 * its own JVM from the jar the reactor built, each with the OpenTelemetry agent at 100% sampling, sending spans to
 * Zipkin and to an {@link OtlpReceiver} in this JVM), on free ports
 * and a temporary data folder. Started once per test JVM and shared by the test classes; stopped when the JVM
 * exits (and by the stack's reaper should the JVM be killed), its logs then kept in {@code target/stack-logs}.
 */
final class RunningStack {

    static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();
    private static RunningStack running;
    private static RuntimeException failed;

    final Ports ports;
    /** The environment that places this stack ({@code PHOTOFEED_*} ports and data folder), for {@code ./stack} commands. */
    final Map<String, String> environment;
    /** Each component's log, {@code <name>.log}, and each service's JSON log, {@code <name>.json}. */
    final Path logs;
    /** Receives every service's spans over OTLP, besides the stack's Zipkin. */
    final OtlpReceiver otlp;

    private RunningStack(Ports ports, Map<String, String> environment, Path logs, OtlpReceiver otlp) {
        this.ports = ports;
        this.environment = Map.copyOf(environment);
        this.logs = logs;
        this.otlp = otlp;
    }

    /** The stack, started by the first caller; a failed start fails every caller at once, without a retry. */
    static synchronized RunningStack get() {
        if (failed != null) {
            throw failed;
        }
        if (running == null) {
            try {
                running = start();
            } catch (RuntimeException e) {
                failed = e;
                throw e;
            }
        }
        return running;
    }

    String gateway() {
        return "http://127.0.0.1:" + ports.of(Component.GATEWAY);
    }

    String zipkin() {
        return "http://127.0.0.1:" + ports.of(Component.ZIPKIN);
    }

    /** Each service's port, by its {@code spring.application.name}. */
    Map<String, Integer> services() {
        return Component.services().stream().collect(java.util.stream.Collectors.toMap(Component::id, ports::of));
    }

    /** Where each service's Actuator answers (the gateway's has a port of its own), by its name. */
    Map<String, Integer> actuators() {
        return Component.services().stream().collect(java.util.stream.Collectors.toMap(Component::id, ports::management));
    }

    private static RunningStack start() {
        try {
            Path data = Files.createTempDirectory("photofeed-system-");
            OtlpReceiver otlp = new OtlpReceiver();
            Map<String, String> environment = environment(data);
            environment.put("PHOTOFEED_OTLP_ENDPOINT", otlp.endpoint());
            environment.put("PHOTOFEED_TRACE_SAMPLING", "1"); // the trace tests follow one given call
            StackLayout layout = StackLayout.fromEnvironment(PROJECT, environment);
            Files.createDirectories(layout.logs());
            Supervisor supervisor = new Supervisor(layout, line -> System.out.println("[stack] " + line));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                supervisor.stop();
                keepLogs(layout.logs());
                deleteTree(data);
            }));
            long started = System.nanoTime();
            supervisor.start();
            System.out.printf("[stack] ready in %.1f s; logs in %s%n", (System.nanoTime() - started) / 1e9, layout.logs());
            return new RunningStack(layout.ports(), environment, layout.logs(), otlp);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The logs of the stack that ran, where a failed run can still be read. */
    private static void keepLogs(Path logs) {
        Path kept = PROJECT.resolve("system-tests/target/stack-logs");
        try (var files = Files.list(logs)) {
            Files.createDirectories(kept);
            for (Path log : files.toList()) {
                Files.copy(log, kept.resolve(log.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // best effort, while the JVM exits
        }
    }

    static Map<String, String> environment(Path data) {
        return FreePortStack.environment(data);
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder: the OS clears what is left
        }
    }
}
