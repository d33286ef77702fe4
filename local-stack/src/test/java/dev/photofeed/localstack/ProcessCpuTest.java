package dev.photofeed.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @Test
    void sumsOwnAndReapedChildrenTimesPastACommandNameWithSpacesAndParentheses() throws Exception {
        Path stat = Path.of(getClass().getResource("/proc/stat").toURI());

        assertThat(ProcessCpu.ticks(stat)).isEqualTo(1500 + 250 + 30 + 20);
    }

    @Test
    void aVanishedProcessCountsNothing() {
        assertThat(ProcessCpu.ticks(Path.of("/proc/-1/stat"))).isZero();
    }

    @Test
    void theRunningJvmHasUsedCpuAndMoreAfterWork() {
        Duration before = ProcessCpu.ofTree(ProcessHandle.current());
        // spin until this thread has had 150 ms of CPU (a busy machine gives it less than its wall time), at most 30 s
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long cpuUntil = threads.getCurrentThreadCpuTime() + 150_000_000L;
        long giveUp = System.nanoTime() + 30_000_000_000L;
        long x = 0;
        while (threads.getCurrentThreadCpuTime() < cpuUntil && System.nanoTime() < giveUp) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        Duration after = ProcessCpu.ofTree(ProcessHandle.current());

        assertThat(x).isNotNegative();
        assertThat(after.minus(before)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
}
