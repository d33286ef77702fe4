package dev.photofeed.systemtests;

import dev.photofeed.localstack.Component;
import dev.photofeed.localstack.Stack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ./stack profile} and {@code ./stack status} as a user runs them, against the running stack. */
class ProfileCommandTest {

    private final RunningStack stack = RunningStack.get();

    @Test
    void profileRecordsAJfrFileOfARunningServiceAndPrintsWhereItIs() throws Exception {
        Result profile = stack("profile", "gateway", "2");
        assertThat(profile.code()).as(profile.output()).isZero();
        String wrote = profile.output().lines().filter(l -> l.startsWith("wrote ")).findFirst().orElseThrow();
        Path file = Path.of(wrote.substring("wrote ".length(), wrote.indexOf(".jfr") + 4));
        assertThat(file).isRegularFile();

        // a whole recording: the JDK's own reader parses it and finds CPU samples of the gateway
        Process summary = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jfr").toString(),
                "summary", file.toString()).redirectErrorStream(true).start();
        String output = new String(summary.getInputStream().readAllBytes());
        assertThat(summary.waitFor()).as(output).isZero();
        assertThat(output).contains("jdk.ExecutionSample");
    }

    @Test
    void statusShowsEachServicesTraceSampling() throws Exception {
        Result status = stack("status");
        assertThat(status.output().lines().filter(l -> l.matches("(gateway|user-service|media-service|feed-service) .* 100% +\\d+ +up")))
                .as(status.output()).hasSize(4);
        assertThat(status.output()).contains("traces: http://localhost:" + stack.ports.of(Component.ZIPKIN) + "/zipkin/");
    }

    @Test
    void profilingAComponentThatIsNotAJvmSaysSo() throws Exception {
        Result profile = stack("profile", "redis", "1");
        assertThat(profile.code()).isEqualTo(2);
        assertThat(profile.output()).contains("stack: redis is not a JVM");
    }

    private record Result(int code, String output) {
    }

    private Result stack(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dphotofeed.home=" + RunningStack.PROJECT, "-cp", System.getProperty("java.class.path"), Stack.class.getName()));
        command.addAll(List.of(args));
        Path output = Files.createTempFile("stack", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(stack.environment);
            Process process = builder.start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
            }
            return new Result(process.exitValue(), Files.readString(output));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
