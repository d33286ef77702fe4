package dev.photofeed.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The launcher's answers to bad input: one clear line, no start. */
class StackTest {

    @TempDir
    Path project;

    @Test
    void unknownCommandIsNamed() {
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("upp")))
                .isInstanceOf(StackException.class)
                .hasMessage("unknown command 'upp': use up, down, status, profile, kill, stop, start, restart, pause, resume, dead-letters, seed, bench, chaos, experiment or capacity (./stack help)");
    }

    @Test
    void aFaultNamesOneKnownComponent() {
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("kill")))
                .isInstanceOf(StackException.class).hasMessageStartingWith("usage: ./stack kill COMPONENT");
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("stop", "redis", "kafka")))
                .isInstanceOf(StackException.class).hasMessageStartingWith("usage: ./stack stop COMPONENT");
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("pause", "--empty", "redis")))
                .isInstanceOf(StackException.class).hasMessageStartingWith("usage: ./stack pause COMPONENT");
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("kill", "postgres-shard-7")))
                .isInstanceOf(StackException.class).hasMessage("unknown component 'postgres-shard-7': ./stack status lists them");
    }

    @Test
    void unknownOptionIsNamed() {
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("up", "--detatch")))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("unknown option '--detatch'");
    }

    @Test
    void aTakenPortIsNamedWithTheVariableThatMovesIt() throws Exception {
        Ports free = Ports.free(2);
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of(
                    "PHOTOFEED_GATEWAY_PORT", String.valueOf(taken.getLocalPort()),
                    "PHOTOFEED_USER_SERVICE_PORT", String.valueOf(free.of(Component.USER_SERVICE)),
                    "PHOTOFEED_MEDIA_SERVICE_PORT", String.valueOf(free.of(Component.MEDIA_SERVICE)),
                    "PHOTOFEED_FEED_SERVICE_PORT", String.valueOf(free.of(Component.FEED_SERVICE)),
                    "PHOTOFEED_POSTGRES_PORT", String.valueOf(free.postgres().getFirst()),
                    "PHOTOFEED_REDIS_PORT", String.valueOf(free.of(Component.REDIS)),
                    "PHOTOFEED_KAFKA_PORT", String.valueOf(free.of(Component.KAFKA)),
                    "PHOTOFEED_KAFKA_CONTROLLER_PORT", String.valueOf(free.kafkaController()),
                    "PHOTOFEED_OBJECT_STORE_PORT", String.valueOf(free.of(Component.OBJECT_STORE)));
            assertThatThrownBy(() -> stack(env).run(List.of("up", "--detach")))
                    .isInstanceOf(StackException.class)
                    .hasMessageContaining("port " + taken.getLocalPort() + " for gateway (PHOTOFEED_GATEWAY_PORT) is already in use");
        }
    }

    @Test
    void aPortThatIsNotANumberIsRefused() {
        assertThatThrownBy(() -> stack(Map.of("PHOTOFEED_REDIS_PORT", "six")))
                .isInstanceOf(StackException.class)
                .hasMessage("PHOTOFEED_REDIS_PORT=six is not a port number (1-65535)");
    }

    @Test
    void aSamplingRatioOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> stack(Map.of("PHOTOFEED_TRACE_SAMPLING", "50%")))
                .isInstanceOf(StackException.class)
                .hasMessage("PHOTOFEED_TRACE_SAMPLING=50% must be a ratio from 0 to 1 (1 keeps every trace)");
        assertThatThrownBy(() -> stack(Map.of("PHOTOFEED_TRACE_SAMPLING", "1.5"))).isInstanceOf(StackException.class);
    }

    @Test
    void everyServiceRunsTheAgentWithItsOwnNameAndTheSampling() {
        Tracing tracing = StackLayout.fromEnvironment(project,
                Map.of("PHOTOFEED_TRACE_SAMPLING", "0.25", "PHOTOFEED_ZIPKIN_PORT", "21411")).tracing();
        assertThat(tracing.jvmOptions("gateway", true))
                .anyMatch(o -> o.startsWith("-javaagent:") && o.endsWith("opentelemetry-javaagent.jar"))
                .contains("-Dotel.service.name=gateway", "-Dotel.traces.exporter=zipkin",
                        "-Dotel.exporter.zipkin.endpoint=http://localhost:21411/api/v2/spans",
                        "-Dotel.traces.sampler.arg=0.25");
        assertThat(Tracing.percent(tracing.sampling())).isEqualTo("25%");
        assertThat(StackLayout.fromEnvironment(project, Map.of("PHOTOFEED_TRACING_ENABLED", "false")).tracing()
                .jvmOptions("gateway", true)).isEmpty();
        assertThat(Tracing.percent(1.0)).isEqualTo("100%");
    }

    @Test
    void oneTraceInTenByDefaultAndEachKindOfServiceGetsOnlyItsInstrumentations() {
        Tracing tracing = StackLayout.fromEnvironment(project, Map.of()).tracing();
        assertThat(Tracing.percent(tracing.sampling())).isEqualTo("10%");
        assertThat(tracing.jvmOptions("gateway", true))
                .contains("-Dotel.instrumentation.netty.enabled=true", "-Dotel.instrumentation.lettuce.enabled=true")
                .noneMatch(o -> o.startsWith("-Dotel.instrumentation.reactor.enabled"))
                .noneMatch(o -> o.startsWith("-Dotel.instrumentation.jdbc."));
        assertThat(tracing.jvmOptions("feed-service", false))
                .contains("-Dotel.instrumentation.jdbc.enabled=true", "-Dotel.instrumentation.kafka-clients.enabled=true")
                .noneMatch(o -> o.startsWith("-Dotel.instrumentation.netty."));
    }

    @Test
    void profileNeedsARunningComponentAndWholeSeconds() {
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("profile")))
                .isInstanceOf(StackException.class)
                .hasMessageStartingWith("usage: ./stack profile <component> [seconds]");
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("profile", "gateway", "ten")))
                .isInstanceOf(StackException.class)
                .hasMessage("'ten' is not a duration: give whole seconds from 1 to 3600");
        assertThatThrownBy(() -> stack(Map.of()).run(List.of("profile", "gateway", "10")))
                .isInstanceOf(StackException.class)
                .hasMessage("gateway is not running: ./stack status lists the running components");
    }

    @Test
    void statusOfAStoppedStackSaysSo() {
        assertThat(stack(Map.of()).run(List.of("status"))).isEqualTo(3);
    }

    @Test
    void downWithNothingRunningSucceeds() {
        assertThat(stack(Map.of()).run(List.of("down"))).isZero();
    }

    private Stack stack(Map<String, String> env) {
        return new Stack(StackLayout.fromEnvironment(project, env));
    }
}
