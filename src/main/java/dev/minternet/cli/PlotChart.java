package dev.minternet.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * What {@code plot} draws, whatever the format: two panels on one time axis, the congestion
 * window (with each flow's ssthresh dashed and its retransmissions marked) and the throughput
 * (payload its peer received per bin), one colour per flow, each line from the flow's first event
 * to its last. A flow is named {@code laptop -> server:5001 (cubic)}; with {@code --compare}, by
 * its file first. Receivers and empty connections (ends that sent no payload) are left out unless
 * asked for. Written to a PNG by XChart, or to SVG by {@link PlotSvg}.
 */
final class PlotChart {
    /** How a series is drawn. */
    enum Style { LINE, DASHED, MARKERS }

    /** One series: its legend name, its flow's colour (index in {@link #PALETTE}), style and points. */
    record Series(String name, int colour, Style style, List<double[]> points) {
    }

    /** One panel: a title, the y axis' name, its series. */
    record Panel(String title, String yAxis, List<Series> series) {
    }

    /** Colours told apart by most readers (Tableau 10). */
    static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
        "#bab0ac"};

    final List<Panel> panels;
    final double xMin;
    final double xMax;
    /** Flows left out (receivers and empty connections) when not all were asked for. */
    final int hidden;

    private PlotChart(List<Panel> panels, double xMin, double xMax, int hidden) {
        this.panels = panels;
        this.xMin = xMin;
        this.xMax = xMax;
        this.hidden = hidden;
    }

    /** The chart of {@code traces}; {@code all} keeps receivers and empty connections; {@code prefix} names each flow by its file. */
    static PlotChart of(List<PlotTrace> traces, boolean all, boolean prefix, double bin) {
        List<Series> cwnd = new ArrayList<>();
        List<Series> tput = new ArrayList<>();
        int hidden = 0;
        int colour = 0;
        for (PlotTrace t : traces) {
            Map<String, Integer> labels = new LinkedHashMap<>();
            List<PlotTrace.Flow> shown = new ArrayList<>();
            for (PlotTrace.Flow f : t.flows.values()) {
                if (f.cwnd.isEmpty()) {
                    continue; // its options only: nothing to draw
                }
                if (!all && f.sentNothing()) {
                    hidden++;
                    continue;
                }
                shown.add(f);
                labels.merge(t.label(f), 1, Integer::sum);
            }
            for (PlotTrace.Flow f : shown) {
                String label = t.label(f);
                if (labels.get(label) > 1) { // two flows between the same nodes: tell them apart by the local port
                    label = label.replaceFirst(" -> ", f.local().substring(f.local().lastIndexOf(':')) + " -> ");
                }
                String name = (prefix ? t.path.getFileName() + ": " : "") + label;
                int c = colour++ % PALETTE.length;
                cwnd.add(new Series(name, c, Style.LINE, points(f.cwnd)));
                if (!f.ssthresh.isEmpty()) {
                    List<long[]> ss = new ArrayList<>(f.ssthresh);
                    ss.add(new long[] {f.last, ss.get(ss.size() - 1)[1]}); // a step line: ssthresh holds to the flow's end
                    cwnd.add(new Series(name + " ssthresh", c, Style.DASHED, steps(ss)));
                }
                if (!f.retransmits.isEmpty()) {
                    cwnd.add(new Series(name + " retransmits", c, Style.MARKERS, points(f.retransmits)));
                }
                tput.add(new Series(name, c, Style.LINE, throughput(f, t.binNs, bin)));
            }
        }
        double from = Double.MAX_VALUE;
        double to = 0;
        for (Series s : concat(cwnd, tput)) { // a bin's point is at its middle, which may lie past the flow's last event
            for (double[] p : s.points()) {
                from = Math.min(from, p[0]);
                to = Math.max(to, p[0]);
            }
        }
        List<Panel> panels = List.of(new Panel("Congestion window", "cwnd (KiB)", cwnd),
                new Panel("Throughput (" + bin + " s bins)", "Mbit/s", tput));
        return new PlotChart(panels, from == Double.MAX_VALUE ? 0 : from, to, hidden);
    }

    /** A chart of the given panels on one time axis spanning all their points. */
    static PlotChart of(List<Panel> panels) {
        double from = Double.MAX_VALUE;
        double to = 0;
        for (Panel p : panels) {
            for (Series s : p.series()) {
                for (double[] pt : s.points()) {
                    from = Math.min(from, pt[0]);
                    to = Math.max(to, pt[0]);
                }
            }
        }
        return new PlotChart(panels, from == Double.MAX_VALUE ? 0 : from, to, 0);
    }

    private static List<Series> concat(List<Series> a, List<Series> b) {
        List<Series> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    boolean isEmpty() {
        return panels.get(0).series().isEmpty();
    }

    /** (seconds, KiB) of (ns, bytes). */
    private static List<double[]> points(List<long[]> in) {
        List<double[]> out = new ArrayList<>();
        for (long[] p : in) {
            out.add(new double[] {p[0] / 1e9, p[1] / 1024.0});
        }
        return out;
    }

    /** A step line through (ns, bytes): each value holds until the next. */
    private static List<double[]> steps(List<long[]> in) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            if (i > 0) {
                out.add(new double[] {in.get(i)[0] / 1e9, in.get(i - 1)[1] / 1024.0});
            }
            out.add(new double[] {in.get(i)[0] / 1e9, in.get(i)[1] / 1024.0});
        }
        return out;
    }

    /** Mbit/s per bin, at each bin's middle, from the flow's first bin to its last. */
    private static List<double[]> throughput(PlotTrace.Flow f, long binNs, double bin) {
        List<double[]> out = new ArrayList<>();
        for (long b = f.first / binNs; b <= f.last / binNs; b++) {
            out.add(new double[] {(b + 0.5) * bin, f.receivedPerBin.getOrDefault(b, 0L) * 8 / bin / 1e6});
        }
        return out;
    }

    /** Writes the chart as a PNG (XChart). */
    void png(Path out, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<XYChart> charts = new ArrayList<>();
        for (Panel p : panels) {
            XYChart c = new XYChartBuilder().width(width).height(height / 2).title(p.title()).xAxisTitle("time (s)").yAxisTitle(p.yAxis()).build();
            c.getStyler().setMarkerSize(7);
            c.getStyler().setLegendVisible(p.series().size() <= 36);
            c.getStyler().setXAxisMin(xMin);
            c.getStyler().setXAxisMax(Math.max(xMax, xMin + 1e-3));
            for (Series s : p.series()) {
                double[] x = new double[s.points().size()];
                double[] y = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = s.points().get(i)[0];
                    y[i] = s.points().get(i)[1];
                }
                XYSeries xs = c.addSeries(s.name(), x, y);
                Color colour = Color.decode(PALETTE[s.colour()]);
                xs.setLineColor(colour);
                xs.setMarkerColor(colour);
                switch (s.style()) {
                    case LINE -> {
                        xs.setMarker(SeriesMarkers.NONE);
                        xs.setLineStyle(new BasicStroke(1.2f));
                    }
                    case DASHED -> {
                        xs.setMarker(SeriesMarkers.NONE);
                        xs.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
                    }
                    case MARKERS -> {
                        xs.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                        xs.setMarker(SeriesMarkers.CROSS);
                    }
                    default -> throw new IllegalStateException();
                }
            }
            charts.add(c);
        }
        BitmapEncoder.saveBitmap(charts, charts.size(), 1, out.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
