package dev.photofeed.loadtests.seed;

import dev.photofeed.localstack.StackException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FollowGraphTest {

    @Test
    void zipfMakesAFewCelebritiesAndNoSelfOrDuplicateFollows() {
        FollowGraph graph = FollowGraph.zipf(1000, 20, 1.0, 7);
        assertThat(graph.edges()).hasSize(1000 * 20).noneMatch(e -> e.from() == e.to());
        assertThat(new HashSet<>(graph.edges())).hasSize(graph.edges().size());
        int[] followers = graph.followerCounts();
        int[] sorted = followers.clone();
        Arrays.sort(sorted);
        // rank 0 is the most likely pick: it is followed by most users; the median user by a handful
        assertThat(followers[0]).isEqualTo(sorted[sorted.length - 1]).isGreaterThan(800);
        assertThat(sorted[sorted.length / 2]).isLessThan(20);
        assertThat(FollowGraph.zipf(1000, 20, 1.0, 7)).isEqualTo(graph);
    }

    @Test
    void drawIsTheInverseOfTheCumulativeWeights() {
        double[] cumulative = {1.0, 1.5, 1.8};
        assertThat(FollowGraph.draw(cumulative, 0.2)).isZero();
        assertThat(FollowGraph.draw(cumulative, 1.0)).isZero();
        assertThat(FollowGraph.draw(cumulative, 1.2)).isEqualTo(1);
        assertThat(FollowGraph.draw(cumulative, 1.79)).isEqualTo(2);
    }

    @Test
    void readsSnapAndNetworkRepositoryEdgeLists(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("graph.txt");
        Files.write(file, List.of("# SNAP: FromNodeId ToNodeId", "% Network Repository header", "",
                "10 20", "20\t30 1.0", "10  30", "30 30"));
        FollowGraph directed = FollowGraph.read(file, false);
        assertThat(directed.users()).isEqualTo(3);
        assertThat(directed.edges()).containsExactly(new FollowGraph.Edge(0, 1), new FollowGraph.Edge(1, 2), new FollowGraph.Edge(0, 2));
        FollowGraph undirected = FollowGraph.read(file, true);
        assertThat(undirected.edges()).hasSize(6).contains(new FollowGraph.Edge(2, 1));
    }

    @Test
    void aLineThatIsNoEdgeIsOneLineOfMessage(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.txt");
        Files.write(file, List.of("1 2", "3"));
        assertThatThrownBy(() -> FollowGraph.read(file, false)).isInstanceOf(StackException.class).hasMessageContaining("bad.txt:2");
        assertThatThrownBy(() -> FollowGraph.read(dir.resolve("missing"), false)).isInstanceOf(StackException.class);
    }
}
