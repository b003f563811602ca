package dev.minternet.cli;

import java.util.List;
import java.util.Locale;

/**
 * A {@link PlotChart} as one self-contained SVG (no script, no external resource; the same trace
 * gives the same bytes): per panel a framed plot with ticks on both axes, a polyline per line
 * series (ssthresh dashed), an x per retransmission, a legend under it, and each series' name as
 * its hover title. Elements carry {@code data-series} so that a reader (or a test) finds a flow.
 */
final class PlotSvg {
    private PlotSvg() {
    }

    private static final int LEFT = 72;
    private static final int RIGHT = 24;
    private static final int TOP = 34;
    private static final int AXIS = 40;
    private static final int LEGEND_ROW = 18;
    private static final int TICKS = 5;

    static String svg(PlotChart c, int width, int height) {
        int plotH = Math.max(60, height / 2 - TOP - AXIS);
        int total = 0;
        for (PlotChart.Panel p : c.panels) {
            total += TOP + plotH + AXIS + p.series().size() * LEGEND_ROW + 10;
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n", width, total, width, total));
        int y0 = 0;
        for (PlotChart.Panel p : c.panels) {
            y0 = panel(sb, c, p, width, y0, plotH);
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static int panel(StringBuilder sb, PlotChart c, PlotChart.Panel p, int width, int y0, int plotH) {
        int plotW = width - LEFT - RIGHT;
        int top = y0 + TOP;
        double yMax = 0;
        for (PlotChart.Series s : p.series()) {
            for (double[] pt : s.points()) {
                yMax = Math.max(yMax, pt[1]);
            }
        }
        yMax = nice(yMax);
        double xMin = c.xMin;
        double xMax = Math.max(c.xMax, xMin + 1e-3);
        sb.append("<g class=\"panel\" data-title=\"").append(esc(p.title())).append("\">\n");
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"14\" font-weight=\"bold\" text-anchor=\"middle\">%s</text>\n",
                LEFT + plotW / 2, y0 + 20, esc(p.title())));
        sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#888\"/>\n",
                LEFT, top, plotW, plotH));
        for (int i = 0; i <= TICKS; i++) {
            double fx = (double) i / TICKS;
            int x = LEFT + (int) Math.round(fx * plotW);
            int y = top + plotH - (int) Math.round(fx * plotH);
            sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#eee\"/>", LEFT, y, LEFT + plotW, y));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>", x, top + plotH + 16,
                    num(xMin + fx * (xMax - xMin))));
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>\n", LEFT - 6, y + 4, num(fx * yMax)));
        }
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">time (s)</text>", LEFT + plotW / 2,
                top + plotH + 32));
        sb.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">%s</text>\n",
                top + plotH / 2, top + plotH / 2, esc(p.yAxis())));
        for (PlotChart.Series s : p.series()) {
            String colour = PlotChart.PALETTE[s.colour()];
            StringBuilder pts = new StringBuilder();
            for (double[] pt : s.points()) {
                double x = LEFT + (pt[0] - xMin) / (xMax - xMin) * plotW;
                double y = top + plotH - (yMax == 0 ? 0 : pt[1] / yMax * plotH);
                if (s.style() == PlotChart.Style.MARKERS) {
                    pts.append(String.format(Locale.ROOT, "M%.1f,%.1f l8,8 m0,-8 l-8,8 ", x - 4, y - 4));
                } else {
                    pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                }
            }
            String points = pts.toString().strip();
            if (s.style() == PlotChart.Style.MARKERS) {
                sb.append(String.format(Locale.ROOT, "<path class=\"retransmits\" data-series=\"%s\" d=\"%s\" stroke=\"%s\" stroke-width=\"1.5\" "
                        + "fill=\"none\"><title>%s</title></path>\n", esc(s.name()), points, colour, esc(s.name())));
            } else {
                sb.append(String.format(Locale.ROOT, "<polyline class=\"%s\" data-series=\"%s\" points=\"%s\" stroke=\"%s\" fill=\"none\" "
                        + "stroke-width=\"%s\"%s><title>%s</title></polyline>\n", s.style() == PlotChart.Style.DASHED ? "ssthresh" : "line",
                        esc(s.name()), points, colour, s.style() == PlotChart.Style.DASHED ? "1" : "1.5",
                        s.style() == PlotChart.Style.DASHED ? " stroke-dasharray=\"6 4\"" : "", esc(s.name())));
            }
        }
        int ly = top + plotH + AXIS + 8;
        for (PlotChart.Series s : p.series()) {
            String colour = PlotChart.PALETTE[s.colour()];
            String mark = switch (s.style()) {
                case LINE -> String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>",
                        LEFT, ly - 4, LEFT + 24, ly - 4, colour);
                case DASHED -> String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-dasharray=\"6 4\"/>",
                        LEFT, ly - 4, LEFT + 24, ly - 4, colour);
                case MARKERS -> String.format(Locale.ROOT, "<path d=\"M%d,%d l8,8 m0,-8 l-8,8\" stroke=\"%s\" stroke-width=\"1.5\"/>",
                        LEFT + 8, ly - 8, colour);
            };
            sb.append("<g class=\"legend\">").append(mark).append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text></g>\n",
                    LEFT + 32, ly, esc(s.name())));
            ly += LEGEND_ROW;
        }
        sb.append("</g>\n");
        return y0 + TOP + plotH + AXIS + p.series().size() * LEGEND_ROW + 10;
    }

    /** The next 1, 2 or 5 times a power of ten at or above {@code v} (1 for nothing). */
    static double nice(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : List.of(1.0, 2.0, 5.0, 10.0)) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 || v == Math.rint(v) ? "%.0f" : "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
