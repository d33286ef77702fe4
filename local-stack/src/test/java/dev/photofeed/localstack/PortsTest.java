package dev.photofeed.localstack;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PortsTest {

    @Test
    void testPortsAreDistinctOutsideTheEphemeralRangeWithTheShardsSideBySide() {
        Set<Integer> seen = new HashSet<>();
        for (int stack = 0; stack < 50; stack++) {
            Ports ports = Ports.free(2);
            assertThat(ports.postgres().get(1)).isEqualTo(ports.postgres().get(0) + 1);
            // every declared port, the first shard's standing for both shards' two
            assertThat(ports.owners()).hasSize(declaredPorts() + 1);
            assertThat(ports.owners().keySet()).allMatch(port -> port >= 20_000 && port < 32_768);
            assertThat(ports.owners().keySet()).allMatch(seen::add);
        }
    }

    private static int declaredPorts() {
        return java.util.Arrays.stream(Component.values()).mapToInt(c -> c.ports().size()).sum();
    }
}
