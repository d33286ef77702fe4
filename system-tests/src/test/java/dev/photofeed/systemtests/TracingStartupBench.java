package dev.photofeed.systemtests;

import dev.photofeed.localstack.ProcessCpu;
import dev.photofeed.localstack.StackLayout;
import dev.photofeed.localstack.Supervisor;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the tracing agent costs at start-up: the whole stack started with the agent and without it
 * ({@code PHOTOFEED_TRACING_ENABLED=false}), alternating, printing the time to ready and the CPU seconds each
 * service JVM used to get there. Run by hand: {@code ./mvnw -pl system-tests test -Dtest=TracingStartupBench}
 * (add {@code -Dbench.rounds=3} for more rounds). CPU seconds hold up on a busy machine; wall time does not.
 */
class TracingStartupBench {

    private static final List<String> SERVICES = List.of("user-service", "media-service", "feed-service", "gateway");

    @Test
    void startUpWithAndWithoutTheAgent() throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 1);
        System.out.printf("%-8s %9s %14s %14s %14s %14s%n", "agent", "ready s", "user-service", "media-service", "feed-service", "gateway");
        for (int round = 0; round < rounds; round++) {
            for (boolean agent : new boolean[]{true, false}) {
                Path data = Files.createTempDirectory("photofeed-bench-");
                Map<String, String> env = RunningStack.environment(data);
                env.put("PHOTOFEED_TRACING_ENABLED", String.valueOf(agent));
                StackLayout layout = StackLayout.fromEnvironment(RunningStack.PROJECT, env);
                Files.createDirectories(layout.logs());
                Supervisor supervisor = new Supervisor(layout, line -> { });
                long started = System.nanoTime();
                try {
                    supervisor.start();
                    double ready = (System.nanoTime() - started) / 1e9;
                    Map<String, Duration> cpu = ProcessCpu.ofComponents(layout.registry());
                    System.out.printf("%-8s %9.1f %s%n", agent ? "on" : "off", ready, String.join(" ",
                            SERVICES.stream().map(s -> String.format("%12.1f s", cpu.get(s).toMillis() / 1e3)).toList()));
                } finally {
                    supervisor.stop();
                    RunningStack.deleteTree(data);
                }
            }
        }
    }
}
