package dev.photofeed.loadtests.bench;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Find-max's chart as a small standalone SVG: p50 and p99 latency (ms) against the offered rate, one point per
 * step (filled: the rate held, hollow: it did not) joined in rate order, and the p99 bar as a dashed line.
 * One step far over the bar would flatten all the others, so the latency axis stops at four times the bar and
 * a point above it sits on the top edge, labelled with its value.
 */
final class LatencyChart {

    record Point(double rate, double p50Ms, double p99Ms, boolean held) {
    }

    private static final int WIDTH = 640;
    private static final int HEIGHT = 400;
    private static final int LEFT = 70;
    private static final int RIGHT = WIDTH - 30;
    private static final int TOP = 70;
    private static final int BOTTOM = 330;
    private static final String P50 = "#2b8cbe";
    private static final String P99 = "#e34a33";

    private LatencyChart() {
    }

    static String svg(String title, List<Point> points, double p99BarMs) {
        List<Point> byRate = points.stream().sorted(Comparator.comparingDouble(Point::rate)).toList();
        double xMax = axisMax(byRate.stream().mapToDouble(Point::rate).max().orElse(1));
        double highest = byRate.stream().mapToDouble(p -> Math.max(p.p50Ms(), p.p99Ms())).max().orElse(0);
        double yMax = axisMax(Math.min(Math.max(highest, p99BarMs) * 1.1, p99BarMs * 4));
        Scale scale = new Scale(xMax, yMax);

        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"14\">%s</text>%n", LEFT, title));
        axes(svg, scale);
        double barY = scale.y(p99BarMs);
        svg.append(String.format(Locale.ROOT, "<line class=\"bar\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#555\" stroke-dasharray=\"6 4\"/>%n", LEFT, RIGHT, barY, barY));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#555\">p99 bar %s ms</text>%n", RIGHT, barY - 4, Summary.number(p99BarMs)));
        series(svg, scale, byRate, "p50", P50, Point::p50Ms, 16);
        series(svg, scale, byRate, "p99", P99, Point::p99Ms, -8);
        legend(svg);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private record Scale(double xMax, double yMax) {

        double x(double rate) {
            return LEFT + (RIGHT - LEFT) * rate / xMax;
        }

        /** Clamped to the plot: a value over the axis sits on its top edge. */
        double y(double ms) {
            return BOTTOM - (BOTTOM - TOP) * Math.min(ms, yMax) / yMax;
        }
    }

    private static void axes(StringBuilder svg, Scale scale) {
        for (double value : ticks(scale.yMax())) {
            double y = scale.y(value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, RIGHT, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 6, y + 4, Summary.number(value)));
        }
        for (double value : ticks(scale.xMax())) {
            double x = scale.x(value);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", x, x, BOTTOM, BOTTOM + 5));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x, BOTTOM + 18, Summary.number(value)));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, RIGHT, BOTTOM, BOTTOM));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"#333\"/>%n", LEFT, LEFT, TOP, BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">offered rate (arrivals/s)</text>%n", (LEFT + RIGHT) / 2, BOTTOM + 40));
        svg.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 18 %d)\">latency (ms)</text>%n",
                (TOP + BOTTOM) / 2, (TOP + BOTTOM) / 2));
    }

    /**
     * A line through the steps in rate order, and a point on it per step: filled when the step held. A point over
     * the axis is labelled {@code labelDy} from it: p99 above, p50 below, so two on the top edge don't overlap.
     */
    private static void series(StringBuilder svg, Scale scale, List<Point> points, String name, String colour, ToDoubleFunction<Point> ms,
                               int labelDy) {
        StringBuilder line = new StringBuilder();
        for (Point p : points) {
            line.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(p.rate()), scale.y(ms.applyAsDouble(p))));
        }
        svg.append(String.format(Locale.ROOT, "<polyline class=\"%s\" points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", name, line.toString().trim(), colour));
        for (Point p : points) {
            double value = ms.applyAsDouble(p);
            double x = scale.x(p.rate());
            double y = scale.y(value);
            svg.append(String.format(Locale.ROOT, "<circle class=\"%s %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" stroke=\"%s\" stroke-width=\"2\"><title>%s/s: %s %s ms, %s</title></circle>%n",
                    name, p.held() ? "held" : "failed", x, y, p.held() ? colour : "white", colour,
                    Summary.number(p.rate()), name, Summary.number(value), p.held() ? "held" : "failed"));
            if (value > scale.yMax()) {
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" fill=\"%s\">↑ %s %s ms</text>%n",
                        x - 6, y + labelDy, colour, name, Summary.number(value)));
            }
        }
    }

    private static void legend(StringBuilder svg) {
        int x = RIGHT - 250;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"40\" y2=\"40\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"44\">p50</text>%n", x, x + 20, P50, x + 24));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"40\" y2=\"40\" stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"44\">p99</text>%n", x + 60, x + 80, P99, x + 84));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"40\" r=\"4\" fill=\"#333\"/><text x=\"%d\" y=\"44\">held</text>%n", x + 125, x + 133));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"40\" r=\"4\" fill=\"white\" stroke=\"#333\" stroke-width=\"2\"/><text x=\"%d\" y=\"44\">failed</text>%n", x + 180, x + 188));
    }

    /** 0, then every step of a 1-2-5 series up to {@code max}: about five ticks. */
    private static double[] ticks(double max) {
        double step = step(max);
        int n = (int) Math.round(max / step);
        double[] ticks = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            ticks[i] = i * step;
        }
        return ticks;
    }

    /** {@code value} rounded up to a whole number of ticks. */
    static double axisMax(double value) {
        double positive = value > 0 ? value : 1;
        double step = step(positive);
        return Math.ceil(positive / step - 1e-9) * step;
    }

    private static double step(double max) {
        double raw = max / 5;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / magnitude;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * magnitude;
    }
}
