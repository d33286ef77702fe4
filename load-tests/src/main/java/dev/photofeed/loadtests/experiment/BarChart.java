package dev.photofeed.loadtests.experiment;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A grouped bar chart as a small standalone SVG: one group per category, one bar per series (on, off). */
final class BarChart {

    private static final String[] COLOURS = {"#2b8cbe", "#e34a33", "#31a354", "#756bb1"};
    private static final int HEIGHT = 320;
    private static final int PLOT_TOP = 50;
    private static final int PLOT_BOTTOM = 260;
    private static final int LEFT = 70;

    private BarChart() {
    }

    /** {@code series}: name → one value per category, in order. */
    static String svg(String title, String unit, List<String> categories, Map<String, double[]> series) {
        double max = series.values().stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1);
        max = max <= 0 ? 1 : max * 1.1;
        int bar = 22;
        int group = bar * series.size() + 20;
        int width = Math.max(360, LEFT + group * categories.size() + 20);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n", width, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\">%s</text>%n", LEFT, escape(title)));
        svg.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", PLOT_TOP - 8, escape(unit)));
        for (int tick = 0; tick <= 4; tick++) {
            double value = max * tick / 4;
            double y = PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * tick / 4.0;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>%n", LEFT, width - 10, y, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT - 5, y + 4, label(value)));
        }
        int s = 0;
        for (Map.Entry<String, double[]> entry : series.entrySet()) {
            for (int c = 0; c < categories.size(); c++) {
                double v = entry.getValue()[c];
                double h = (PLOT_BOTTOM - PLOT_TOP) * v / max;
                int x = LEFT + 10 + c * group + s * bar;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s %s: %s</title></rect>%n",
                        x, PLOT_BOTTOM - h, bar - 2, h, COLOURS[s % COLOURS.length], escape(entry.getKey()), escape(categories.get(c)), label(v)));
            }
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"30\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"39\">%s</text>%n",
                    width - 150 + s * 70, COLOURS[s % COLOURS.length], width - 136 + s * 70, escape(entry.getKey())));
            s++;
        }
        for (int c = 0; c < categories.size(); c++) {
            // slanted, so long names (postgres-shard-0) don't run into each other
            int x = LEFT + 10 + c * group + bar * series.size() / 2;
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" transform=\"rotate(25 %d %d)\">%s</text>%n",
                    x - 8, PLOT_BOTTOM + 14, x - 8, PLOT_BOTTOM + 14, escape(categories.get(c))));
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String label(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
