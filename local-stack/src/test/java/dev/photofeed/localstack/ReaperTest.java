package dev.photofeed.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReaperTest {

    @Test
    void stopsRecordedProcessTreesOnceTheOwnerIsGone(@TempDir Path dir) throws Exception {
        ProcessRegistry registry = new ProcessRegistry(dir.resolve("run"));
        // a server with a child of its own, like a postmaster and its backends
        Process server = new ProcessBuilder("sh", "-c", "sleep 300 & wait").start();
        registry.record("server", server.toHandle());
        Waits.until(Duration.ofSeconds(5), "the server's child", () -> server.toHandle().children().findAny().isPresent(), null);
        ProcessHandle grandchild = server.toHandle().children().findFirst().orElseThrow();

        Process owner = new ProcessBuilder("sleep", "1").start();
        Process reaper = new ProcessBuilder(Java.command(List.of(), Reaper.class,
                String.valueOf(owner.pid()), registry.dir().toString())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();

        assertThat(reaper.waitFor(30, TimeUnit.SECONDS)).as("the reaper ends after the owner").isTrue();
        assertThat(server.isAlive()).isFalse();
        assertThat(grandchild.isAlive()).isFalse();
        assertThat(registry.components()).isEmpty();
    }

    @Test
    void aRecycledPidIsNotMistakenForOurs(@TempDir Path dir) throws Exception {
        ProcessRegistry registry = new ProcessRegistry(dir);
        Process bystander = new ProcessBuilder("sleep", "30").start();
        try {
            java.nio.file.Files.writeString(dir.resolve("old.pid"), bystander.pid() + " 12345");
            assertThat(registry.find("old")).isEmpty();
            assertThat(registry.reapAll()).isEmpty();
            assertThat(bystander.isAlive()).isTrue();
        } finally {
            bystander.destroyForcibly();
        }
    }
}
