package dev.photofeed.loadtests.capacity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The arithmetic of “What does 100 million users on a Google service mean?”. */
class CapacityTest {

    @Test
    void coresAreRateTimesCpuOverUtilisation() {
        // 150 µs/request = 150 cores per million rps, at full use
        assertThat(Capacity.cores(1_000_000, 150, 1.0)).isCloseTo(150, within(1e-9));
        assertThat(Capacity.cores(200_000, 250, 0.6)).isCloseTo(83.333, within(0.001));
    }

    @Test
    void hundredMillionUsersAreTwoHundredThousandRpsAtPeak() {
        String out = run("--users", "100000000", "--requests-per-user-day", "100", "--peak-factor", "2", "--cpu-us", "250");
        // 1e10 requests a day = 115,741/s on average; twice that at peak
        assertThat(out).contains("target: 231,481 requests/s at peak");
    }

    @Test
    void aMeasuredRunGivesPodsAndShards(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("mixed.json");
        Files.writeString(json, """
                {"scenario":"mixed","cpu_us_per_request":{"total":300,"gateway":120,"feed-service":60,"redis":9,
                 "postgres-shard-0":30,"postgres-shard-1":30,"kafka":51}}""");
        String out = run("--rps", "200000", "--from", json.toString());
        // gateway: 200k × 120 µs / 0.6 = 40 cores = 20 pods of 2
        assertThat(out).containsPattern("gateway\\s+40\\.0 cores →\\s+20 pods");
        // redis: 200k × 9 µs / 0.6 = 3 cores = 3 one-core shards
        assertThat(out).containsPattern("redis\\s+3\\.0 cores →\\s+3 Redis shards");
        // postgres: 200k × 60 µs / 0.6 = 20 cores = 3 servers of 8
        assertThat(out).containsPattern("postgres\\s+20\\.0 cores →\\s+3 Postgres shards");
        // 10% writes: 20k posts/s at 1000 a partition
        assertThat(out).contains("20,000 posts/s → 20 partitions");
    }

    private static String run(String... args) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(Capacity.run(List.of(args), new PrintStream(bytes, true, StandardCharsets.UTF_8))).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
