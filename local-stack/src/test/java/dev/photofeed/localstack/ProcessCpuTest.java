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
        long spin = System.nanoTime() + 300_000_000L;
        long x = 0;
        while (System.nanoTime() < spin) {
            x += Long.numberOfTrailingZeros(x + System.nanoTime());
        }
        Duration after = ProcessCpu.ofTree(ProcessHandle.current());

        assertThat(x).isNotNegative();
        assertThat(after.minus(before)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }
}
