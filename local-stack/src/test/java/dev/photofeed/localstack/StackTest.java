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
                .hasMessage("unknown command 'upp': use up, down, status, seed, bench, experiment or capacity (./stack help)");
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
                    "PHOTOFEED_USER_SERVICE_PORT", String.valueOf(free.userService()),
                    "PHOTOFEED_MEDIA_SERVICE_PORT", String.valueOf(free.mediaService()),
                    "PHOTOFEED_FEED_SERVICE_PORT", String.valueOf(free.feedService()),
                    "PHOTOFEED_POSTGRES_PORT", String.valueOf(free.postgres().getFirst()),
                    "PHOTOFEED_REDIS_PORT", String.valueOf(free.redis()),
                    "PHOTOFEED_KAFKA_PORT", String.valueOf(free.kafka()),
                    "PHOTOFEED_KAFKA_CONTROLLER_PORT", String.valueOf(free.kafkaController()),
                    "PHOTOFEED_OBJECT_STORE_PORT", String.valueOf(free.objectStore()));
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
