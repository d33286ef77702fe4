package dev.photofeed.loadtests.bench;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The find-max chart is well-formed SVG with a line and a point per step and per percentile. */
class LatencyChartTest {

    /** Out of rate order on purpose; 800/s is far over the bar. */
    private static final List<LatencyChart.Point> STEPS = List.of(
            new LatencyChart.Point(50, 3, 12, true),
            new LatencyChart.Point(200, 5, 40, true),
            new LatencyChart.Point(100, 4, 20, true),
            new LatencyChart.Point(800, 900, 4000, false),
            new LatencyChart.Point(400, 30, 180, false));

    static Document parse(String svg) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aPolylineAndAPointPerStepForEachPercentile() throws Exception {
        Document svg = parse(LatencyChart.svg("find-max mixed", STEPS, 150));
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        NodeList lines = svg.getElementsByTagName("polyline");
        assertThat(lines.getLength()).isEqualTo(2);
        for (int i = 0; i < lines.getLength(); i++) {
            String[] points = ((Element) lines.item(i)).getAttribute("points").split(" ");
            assertThat(points).hasSize(STEPS.size());
            // joined in rate order, whatever order the steps ran in
            double[] xs = Arrays.stream(points).mapToDouble(p -> Double.parseDouble(p.split(",")[0])).toArray();
            assertThat(xs).isSorted();
        }
        List<String> circles = new ArrayList<>();
        NodeList nodes = svg.getElementsByTagName("circle");
        for (int i = 0; i < nodes.getLength(); i++) {
            circles.add(((Element) nodes.item(i)).getAttribute("class"));
        }
        assertThat(circles).filteredOn(c -> c.equals("p50 held")).hasSize(3);
        assertThat(circles).filteredOn(c -> c.equals("p99 held")).hasSize(3);
        assertThat(circles).filteredOn(c -> c.equals("p99 failed")).hasSize(2);
        assertThat(circles).filteredOn(c -> c.equals("p50 failed")).hasSize(2);
    }

    @Test
    void theBarIsDashedAndAPointFarOverItSitsOnTheTopEdge() throws Exception {
        String text = LatencyChart.svg("find-max mixed", STEPS, 150);
        Document svg = parse(text);
        NodeList lines = svg.getElementsByTagName("line");
        Element bar = null;
        for (int i = 0; i < lines.getLength(); i++) {
            if (((Element) lines.item(i)).getAttribute("class").equals("bar")) {
                bar = (Element) lines.item(i);
            }
        }
        assertThat(bar).isNotNull();
        assertThat(bar.getAttribute("stroke-dasharray")).isNotBlank();
        // the axis stops at 4 × the bar (600 ms): 4000 ms is drawn at the top and labelled
        assertThat(text).contains("↑ p99 4000 ms", "↑ p50 900 ms", "p99 bar 150 ms", "offered rate (arrivals/s)", "latency (ms)");
        double barY = Double.parseDouble(bar.getAttribute("y1"));
        String[] p99 = ((Element) svg.getElementsByTagName("polyline").item(1)).getAttribute("points").split(" ");
        double topY = Double.parseDouble(p99[p99.length - 1].split(",")[1]);
        assertThat(topY).isLessThan(barY);
    }

    @Test
    void axisEndsOnARoundTick() {
        assertThat(LatencyChart.axisMax(437)).isEqualTo(500.0);
        assertThat(LatencyChart.axisMax(800)).isEqualTo(800.0);
        assertThat(LatencyChart.axisMax(0)).isEqualTo(1.0);
    }

    @Test
    void noStepsIsStillAChart() throws Exception {
        assertThat(parse(LatencyChart.svg("find-max feed", List.of(), 50)).getElementsByTagName("circle").getLength())
                .isEqualTo(2); // the legend's two
    }
}
