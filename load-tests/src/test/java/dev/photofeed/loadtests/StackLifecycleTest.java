package dev.photofeed.loadtests;

import dev.photofeed.localstack.Component;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.Stack;
import dev.photofeed.localstack.StackLayout;
import dev.photofeed.testsupport.FreePortStack;
import dev.photofeed.testsupport.Probes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The launcher as a user drives it: {@code up --detach} starts every component from the built jars,
 * {@code status} sees them, {@code seed} fills it (twice: it is safe to), a short tiny-rate {@code bench mixed}
 * measures it end to end through Gatling, faults by hand and {@code chaos smoke} break it and check that nothing
 * accepted was lost, and neither {@code down} nor a SIGKILL of the supervisor leaves a process alive.
 * Runs on free ports and a temporary data folder, so it does not disturb a stack the developer has running.
 */
class StackLifecycleTest {

    private static final Path PROJECT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path data;

    private final Map<String, String> env = new HashMap<>();
    private Ports ports;

    @BeforeEach
    void freePortsAndOwnDataFolder() {
        env.putAll(FreePortStack.environment(data));
        ports = StackLayout.fromEnvironment(PROJECT, env).ports();
    }

    @AfterEach
    void leaveNothingRunning() throws Exception {
        stack("down");
    }

    @Test
    void upDetachedSeedBenchThenDownLeavesNoProcess() throws Exception {
        long started = System.nanoTime();
        Result up = stack("up", "--detach");
        System.out.printf("./stack up --detach: ready in %.1f s (2 shards, 4 services)%n", (System.nanoTime() - started) / 1e9);
        assertThat(up.code()).as(up.output()).isZero();
        assertThat(up.output()).contains("Photofeed is ready");

        Result status = stack("status");
        assertThat(status.code()).as(status.output()).isZero();
        assertThat(status.output().lines().filter(l -> l.endsWith(" up")).count()).as(status.output()).isEqualTo(10);
        assertThat(Probes.readiness(ports.management(Component.GATEWAY)).statusCode()).isEqualTo(200);

        seedTwiceThenBench();
        faultsByHandThenChaos();

        List<ProcessHandle> everything = everyProcessOfTheStack();
        assertThat(everything.size()).isGreaterThan(10);

        Result down = stack("down");
        assertThat(down.code()).as(down.output()).isZero();
        assertThat(everything).as("processes alive after ./stack down").noneMatch(ProcessHandle::isAlive);
    }

    @Test
    void theReaperStopsEverythingWhenTheSupervisorIsKilled() throws Exception {
        Result up = stack("up", "--detach");
        assertThat(up.code()).as(up.output()).isZero();
        ProcessHandle supervisor = new ProcessRegistry(data.resolve("run").resolve("supervisor")).find("supervisor").orElseThrow();
        List<ProcessHandle> everything = everyProcessOfTheStack();

        supervisor.destroyForcibly(); // SIGKILL: no shutdown hook runs

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> assertThat(everything)
                .as("processes alive a minute after the supervisor was killed").noneMatch(ProcessHandle::isAlive));
    }

    private void seedTwiceThenBench() throws Exception {
        String[] seedArgs = {"seed", "--users", "12", "--follows", "3", "--photos", "1", "--concurrency", "4"};
        Result seed = load(seedArgs);
        assertThat(seed.code()).as(seed.output()).isZero();
        Path credentials = data.resolve("bench").resolve("credentials.txt");
        List<String> accounts = Files.readAllLines(credentials).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(accounts).hasSize(12);
        Result again = load(seedArgs);
        assertThat(again.code()).as(again.output()).isZero();
        assertThat(Files.readAllLines(credentials).stream().filter(l -> !l.startsWith("#")).toList())
                .as("the same accounts, ids and follower counts after a second run").isEqualTo(accounts);

        Path json = data.resolve("mixed.json");
        long started = System.nanoTime();
        Result bench = load("bench", "mixed", "--rate", "10", "--duration", "4", "--warmup", "2", "--json", json.toString());
        System.out.printf("./stack bench mixed --rate 10 --duration 4 --warmup 2: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
        // 2: a threshold failed, which a tiny run on a busy machine may; the figures must still be there.
        // The bench's own output goes last: a CI report keeps the end of a failure message.
        assertThat(bench.code()).as(serviceLogTails() + "\n--- ./stack bench ---\n" + bench.output()).isIn(0, 2);
        assertThat(bench.output()).contains("http_req_duration", "passed_requests_200").containsPattern("cpu_us_per_request\\.+: total=");
        JsonNode result = new ObjectMapper().readTree(json.toFile());
        assertThat(result.get("scenario").asText()).isEqualTo("mixed");
        assertThat(result.get("requests").asLong()).isBetween(25L, 60L);
        assertThat(result.get("latency_ms").get("p50").asDouble()).isPositive();
        assertThat(result.get("latency_ms").get("max").asDouble()).isGreaterThanOrEqualTo(result.get("latency_ms").get("p99").asDouble());
        JsonNode cpu = result.get("cpu_us_per_request");
        assertThat(cpu.get("total").asDouble()).isPositive();
        assertThat(cpu.get("gateway").asDouble()).isPositive();
        assertThat(cpu.has("redis") && cpu.has("postgres-shard-0") && cpu.has("feed-service")).as(cpu.toString()).isTrue();
        try (var reports = Files.walk(data.resolve("bench").resolve("gatling"))) {
            assertThat(reports.filter(p -> p.getFileName().toString().equals("index.html"))).as("Gatling's HTML report").isNotEmpty();
        }
    }

    /**
     * Faults by hand (a shard stopped stays down until started, a paused Redis shows as paused), then the short
     * chaos scenario: media-service killed -9 and a shard stopped while posts and follows run, and every
     * invariant checked afterwards.
     */
    private void faultsByHandThenChaos() throws Exception {
        assertThat(stack("stop", "postgres-shard-1").output()).contains("stopped postgres-shard-1");
        Thread.sleep(2_000); // four watches of the supervisor: a held component is not started again
        assertThat(stack("status").output()).containsPattern("postgres-shard-1 +- .*stopped");
        assertThat(stack("start", "postgres-shard-1").output()).contains("started postgres-shard-1");
        assertThat(stack("pause", "redis").code()).isZero();
        assertThat(stack("status").output()).containsPattern("redis .*paused");
        assertThat(stack("resume", "redis").code()).isZero();
        assertThat(stack("kill", "nonesuch").output()).contains("unknown component 'nonesuch'");

        long started = System.nanoTime();
        Result chaos = load("chaos", "smoke", "--rate", "8", "--actors", "24", "--hold", "15", "--settle", "15", "--baseline", "10");
        System.out.printf("./stack chaos smoke: %.1f s in all%n", (System.nanoTime() - started) / 1e9);
        assertThat(chaos.code()).as(serviceLogTails() + "\n--- ./stack chaos smoke ---\n" + chaos.output()).isZero();
        assertThat(chaos.output()).contains("invariants: all hold", "kill-media-service", "shard-down");
        Result status = stack("status");
        assertThat(status.output()).as("the supervisor started the killed service again")
                .containsPattern("media-service +\\d+ +\\d+ +\\S+ +1 +up");
        assertThat(status.output().lines().filter(l -> l.endsWith(" up")).count()).as(status.output()).isEqualTo(10);
    }

    /** The end of each service's log: the temporary data folder is gone once the test fails. */
    private String serviceLogTails() throws IOException {
        StringBuilder tails = new StringBuilder();
        for (String service : List.of("gateway", "user-service", "media-service", "feed-service")) {
            Path log = data.resolve("logs").resolve(service + ".log");
            if (Files.isRegularFile(log)) {
                List<String> lines = Files.readAllLines(log);
                tails.append("\n--- the end of ").append(service).append(".log ---\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        return tails.toString();
    }

    /** The supervisor, every recorded component and all their descendants (Postgres backends, say). */
    private List<ProcessHandle> everyProcessOfTheStack() {
        List<ProcessHandle> all = new ArrayList<>();
        ProcessRegistry supervisor = new ProcessRegistry(data.resolve("run").resolve("supervisor"));
        ProcessRegistry components = new ProcessRegistry(data.resolve("run").resolve("components"));
        supervisor.find("supervisor").ifPresent(all::add);
        for (String component : components.components()) {
            components.find(component).ifPresent(p -> {
                all.add(p);
                all.addAll(p.descendants().toList());
            });
        }
        return all;
    }

    private record Result(int code, String output) {
    }

    private Result stack(String... args) throws IOException, InterruptedException {
        return run(Stack.class.getName(), args);
    }

    /** What {@code ./stack seed|bench} runs, from this module's classes (the jar is built after the tests). */
    private Result load(String... args) throws IOException, InterruptedException {
        return run(LoadTests.class.getName(), args);
    }

    private Result run(String main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // what load-tests.jar's manifest gives ./stack's child JVM: Gatling reads java.lang's internals
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dphotofeed.home=" + PROJECT, "-cp", System.getProperty("java.class.path"), main));
        command.addAll(List.of(args));
        Path output = Files.createTempFile(data, "stack", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        // longer than the stack's own waits (a service gets 300 s to be ready), so those speak first
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError(String.join(" ", args) + " did not finish in 10 minutes; it printed:\n" + Files.readString(output));
        }
        return new Result(process.exitValue(), Files.readString(output));
    }
}
