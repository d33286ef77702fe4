package dev.photofeed.common.shard;

import dev.photofeed.common.id.PhotofeedId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The ring's two promises, checked for the shard names the system uses, from 2 to 16 physical shards. */
class HashRingTest {

    private static final int VIRTUAL_NODES = 8192;

    @Test
    void loadIsWithinTenPercentOfEven() {
        for (int n = 2; n <= 16; n++) {
            Map<String, Integer> load = new HashRing(names(n), VIRTUAL_NODES).load();
            double even = (double) PhotofeedId.LOGICAL_SHARDS / n;
            assertThat(load).hasSize(n);
            for (Map.Entry<String, Integer> shard : load.entrySet()) {
                assertThat(shard.getValue() / even)
                        .as("%s of %d shards holds %d logical shards (even: %.0f)", shard.getKey(), n, shard.getValue(), even)
                        .isBetween(0.9, 1.1);
            }
        }
    }

    @Test
    void addingAShardMovesAFairShareAndOnlyOntoTheNewShard() {
        for (int n = 2; n <= 16; n++) {
            HashRing before = new HashRing(names(n), VIRTUAL_NODES);
            List<String> grown = new ArrayList<>(names(n));
            grown.add("shard-" + n);
            HashRing after = new HashRing(grown, VIRTUAL_NODES);
            int moved = 0;
            for (int logical = 0; logical < PhotofeedId.LOGICAL_SHARDS; logical++) {
                String was = before.nodeFor(logical);
                String is = after.nodeFor(logical);
                if (!was.equals(is)) {
                    moved++;
                    assertThat(is).as("logical shard %d moved from %s", logical, was).isEqualTo("shard-" + n);
                }
            }
            double movedShare = (double) moved / PhotofeedId.LOGICAL_SHARDS;
            assertThat(movedShare).as("share moved going from %d to %d shards", n, n + 1)
                    .isGreaterThan(0).isLessThanOrEqualTo(1.0 / (n + 1) + 0.03);
        }
    }

    @Test
    void theOrderOfTheConfigurationDoesNotMatter() {
        HashRing forward = new HashRing(List.of("a", "b", "c"), 64);
        HashRing backward = new HashRing(List.of("c", "b", "a"), 64);
        IntStream.range(0, PhotofeedId.LOGICAL_SHARDS).forEach(s -> assertThat(forward.nodeFor(s)).isEqualTo(backward.nodeFor(s)));
    }

    @Test
    void theHashIsStableAcrossRuns() {
        // placement must not change between releases or JVMs: data would be looked for on the wrong shard
        assertThat(HashRing.hash("shard-0#0")).isEqualTo(HashRing.hash("shard-0#0"));
        assertThat(new HashRing(names(2), VIRTUAL_NODES).load()).isEqualTo(new HashRing(names(2), VIRTUAL_NODES).load());
        assertThat(HashRing.hash("")).isEqualTo(-1166397803181037274L);
    }

    private static List<String> names(int n) {
        return IntStream.range(0, n).mapToObj(i -> "shard-" + i).toList();
    }
}
