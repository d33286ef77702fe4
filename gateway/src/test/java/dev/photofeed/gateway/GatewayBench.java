package dev.photofeed.gateway;

import dev.photofeed.localstack.Component;
import dev.photofeed.gateway.ratelimit.FailOpenLimiter;
import dev.photofeed.gateway.ratelimit.Gcra;
import dev.photofeed.localstack.Ports;
import dev.photofeed.localstack.ProcessCpu;
import dev.photofeed.localstack.ProcessRegistry;
import dev.photofeed.localstack.RedisServer;
import dev.photofeed.localstack.ServiceProcess;
import dev.photofeed.localstack.ServiceProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway bench (not part of the suite). Build the jar, then run it:
 * {@code ./mvnw -q -pl gateway -am package -DskipTests && ./mvnw -o -pl gateway test -Dtest=GatewayBench}.
 * In one invocation, on a Redis of its own, it prints:
 * <ol>
 * <li>rate-limit decisions per second and CPU-µs per decision: the limiter (GCRA script, one round trip) driven
 * flat out from this JVM, CPU of this JVM plus redis-server's;</li>
 * <li>the gateway's CPU-µs per proxied request, the gateway running as its own process (as deployed) in front
 * of a stand-in upstream, with the limiter on and then off, the difference being what a decision costs inside
 * a real request, and redis-server's CPU per request beside it.</li>
 * </ol>
 * CPU comes from the operating system's accounting ({@link ProcessCpu}); the load generator and the stand-in
 * upstream run in this JVM and are never counted against the gateway. Figures only, no assertions on speed.
 */
class GatewayBench {

    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(10);
    private static final int CONCURRENCY = 32;

    @Test
    void rateLimitDecisionsAndProxiedRequests() throws Exception {
        Path dir = Files.createTempDirectory("gateway-bench-");
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("run"));
        Ports ports = Ports.free(0);
        try (RedisServer redis = new RedisServer(ports.of(Component.REDIS), dir.resolve("redis"), dir.resolve("redis.log"), registry);
             StubUpstream upstream = new StubUpstream()) {
            redis.start();
            ProcessHandle redisProcess = registry.find(redis.name()).orElseThrow();
            Figures decisions = decisions(ports.of(Component.REDIS), redisProcess);
            Figures limited = proxied("on", ports, upstream, dir, registry, redisProcess);
            Figures unlimited = proxied("off", ports, upstream, dir, registry, redisProcess);

            System.out.printf("%ngateway bench, %d cores, %d concurrent, %d s measured after %d s warm-up%n",
                    Runtime.getRuntime().availableProcessors(), CONCURRENCY, MEASURE.toSeconds(), WARM_UP.toSeconds());
            System.out.printf("  rate-limit decisions (limiter flat out):  %,9.0f decisions/s  %6.1f CPU-µs/decision (limiter %.1f + redis %.1f)%n",
                    decisions.perSecond, decisions.total(), decisions.mainMicros, decisions.redisMicros);
            System.out.printf("  proxied GET, limiter on:                  %,9.0f requests/s   %6.1f CPU-µs/request in the gateway (+ redis %.1f)%n",
                    limited.perSecond, limited.mainMicros, limited.redisMicros);
            System.out.printf("  proxied GET, limiter off:                 %,9.0f requests/s   %6.1f CPU-µs/request in the gateway (+ redis %.1f)%n",
                    unlimited.perSecond, unlimited.mainMicros, unlimited.redisMicros);
            System.out.printf("  a decision inside a request: %.1f CPU-µs (gateway on − off %.1f + redis %.1f); bar <= 30, aim <= 10%n%n",
                    limited.mainMicros - unlimited.mainMicros + limited.redisMicros - unlimited.redisMicros,
                    limited.mainMicros - unlimited.mainMicros, limited.redisMicros - unlimited.redisMicros);
        } finally {
            registry.reapAll();
        }
    }

    /** CPU per operation of the main process (this JVM or the gateway) and of redis-server, and the rate. */
    private record Figures(double perSecond, double mainMicros, double redisMicros) {
        double total() {
            return mainMicros + redisMicros;
        }
    }

    private static Figures decisions(int redisPort, ProcessHandle redis) {
        LettuceConnectionFactory connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("localhost", redisPort));
        connections.afterPropertiesSet();
        connections.start();
        try {
            FailOpenLimiter limiter = new FailOpenLimiter(new ReactiveStringRedisTemplate(connections), Duration.ofSeconds(1),
                    new SimpleMeterRegistry(), GatewaySettings.breakers());
            Gcra.Policy policy = new Gcra.Policy("reads", 1_000_000, 1_000_000, 1_000_000);
            AtomicLong next = new AtomicLong();
            Runnable round = () -> Flux.range(0, 20_000)
                    .flatMap(i -> limiter.decide("rl:{reads:user:" + next.incrementAndGet() % 10_000 + "}", policy), CONCURRENCY)
                    .blockLast();
            return measure(ProcessHandle.current(), redis, round, 20_000);
        } finally {
            connections.destroy();
        }
    }

    private static Figures proxied(String limiter, Ports ports, StubUpstream upstream, Path dir, ProcessRegistry registry,
                                   ProcessHandle redis) throws Exception {
        int port = Ports.free(0).of(Component.GATEWAY);
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "spring.data.redis.port", String.valueOf(ports.of(Component.REDIS)),
                "photofeed.upstream.user-service", upstream.url(),
                "photofeed.upstream.media-service", upstream.url(),
                "photofeed.upstream.feed-service", upstream.url(),
                "photofeed.auth.jwks-url", upstream.url() + "/jwks.json",
                "photofeed.rate-limit.enabled", String.valueOf(limiter.equals("on")),
                // decisions, not refusals: every request is allowed, so both runs proxy the same work
                "photofeed.rate-limit.policies.reads.rate", "1000000",
                "photofeed.rate-limit.policies.reads.period", "1s",
                "photofeed.rate-limit.policies.reads.burst", "1000000"));
        properties.put("management.server.port", String.valueOf(port)); // probed where it serves
        Path jar = Path.of("target/gateway.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("target/gateway.jar is missing: ./mvnw -pl gateway -am package -DskipTests first");
        }
        try (ServiceProcess gateway = new ServiceProcess("gateway-limiter-" + limiter, port, Files.copy(jar, dir.resolve("gateway-" + limiter + ".jar")),
                ServiceProperties.asEnvironment(properties), Files.createDirectories(dir.resolve("gateway-" + limiter)),
                dir.resolve("gateway-" + limiter + ".log"), registry);
             HttpClient http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
             var workers = Executors.newVirtualThreadPerTaskExecutor()) {
            gateway.start();
            ProcessHandle process = registry.find(gateway.name()).orElseThrow();
            HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/photos/1")).build();
            int perWorker = 500;
            Runnable round = () -> {
                var calls = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int w = 0; w < CONCURRENCY; w++) {
                    calls.add(workers.submit(() -> {
                        for (int i = 0; i < perWorker; i++) {
                            HttpResponse<String> response = http.send(get, HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() != 200) {
                                throw new IllegalStateException("the gateway answered " + response.statusCode() + ": " + response.body());
                            }
                        }
                        return null;
                    }));
                }
                for (var call : calls) {
                    try {
                        call.get();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            return measure(process, redis, round, CONCURRENCY * perWorker);
        }
    }

    /** Repeats a round of work through the warm-up, then for the measured window, counting CPU over the window only. */
    private static Figures measure(ProcessHandle main, ProcessHandle redis, Runnable round, int perRound) {
        long warmUpEnd = System.nanoTime() + WARM_UP.toNanos();
        while (System.nanoTime() < warmUpEnd) {
            round.run();
        }
        Duration mainBefore = ProcessCpu.ofTree(main);
        Duration redisBefore = ProcessCpu.ofTree(redis);
        long start = System.nanoTime();
        long operations = 0;
        while (System.nanoTime() - start < MEASURE.toNanos()) {
            round.run();
            operations += perRound;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double mainMicros = ProcessCpu.ofTree(main).minus(mainBefore).toNanos() / 1e3 / operations;
        double redisMicros = ProcessCpu.ofTree(redis).minus(redisBefore).toNanos() / 1e3 / operations;
        return new Figures(operations / seconds, mainMicros, redisMicros);
    }
}
