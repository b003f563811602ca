package dev.minternet.cli;

import dev.minternet.trace.JsonLinesReader;
import dev.minternet.transport.tcp.TcpEvents;
import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * minternet plot TRACE: draws each TCP connection's congestion window and its throughput over
 * time to a PNG, from a JSON-lines trace ({@code minternet run --trace}). Everything comes from
 * the trace (DESIGN.md decision 7), read through the catalog ({@link TcpEvents}): cwnd from the
 * sender's {@code cwnd} events, throughput from the payload bytes in the receiver's {@code receive}
 * segment events, per time bin.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Plot TCP cwnd and throughput over time from a JSON-lines trace to a PNG.")
public final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TRACE", description = "Trace written by `minternet run --trace FILE`.")
    Path trace;

    @Option(names = {"-o", "--output"}, paramLabel = "PNG", description = "Output image (default: TRACE with .png).")
    Path output;

    @Option(names = "--node", description = "Only connections whose sender is this node.")
    String node;

    @Option(names = "--conn", description = "Only connections whose id (addr:port>addr:port) contains this text.")
    String conn;

    /** Bins drawn at most: past this the chart is a smear and the lists only eat memory. */
    static final long MAX_BINS = 1_000_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    double bin;

    @Option(names = "--bin", defaultValue = "0.1", description = "Throughput bin in seconds (default ${DEFAULT-VALUE}).")
    void setBin(double v) {
        bin = Checks.positive(spec, "--bin", v, 86_400);
    }

    int width;

    @Option(names = "--width", defaultValue = "1000", description = "Image width in pixels (default ${DEFAULT-VALUE}).")
    void setWidth(int v) {
        width = (int) Checks.range(spec, "--width", v, 100, 10_000);
    }

    int height;

    @Option(names = "--height", defaultValue = "800", description = "Image height in pixels (default ${DEFAULT-VALUE}).")
    void setHeight(int v) {
        height = (int) Checks.range(spec, "--height", v, 100, 10_000);
    }

    /** One connection's points. */
    static final class Flow {
        final List<Double> t = new ArrayList<>();
        final List<Double> cwndKiB = new ArrayList<>();
        final Map<Integer, Long> bytesPerBin = new LinkedHashMap<>();
        long lastCwndMs = -1;
        long first = Long.MAX_VALUE;
        long last;

        void saw(long t) {
            first = Math.min(first, t);
            last = Math.max(last, t);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(trace)) {
            throw CliError.usage(trace + ": Is a directory");
        }
        if (!Files.isRegularFile(trace)) {
            throw CliError.usage(trace + ": No such file or directory");
        }
        Outputs.file("--output", output);
        Map<String, Flow> flows = new LinkedHashMap<>();
        long binNs = Math.max(1, Math.round(bin * 1e9));
        try {
            readTrace(flows, binNs);
        } catch (IOException | RuntimeException e) {
            // random bytes, another JSON, a trace line with a field of the wrong type
            throw CliError.usage(trace + " is not a minternet trace ("
                    + (e instanceof CharacterCodingException ? "not UTF-8 text"
                    : e.getMessage() == null ? "unexpected content" : e.getMessage()) + ")");
        }
        if (flows.isEmpty()) {
            throw CliError.runtime("no TCP cwnd events" + (node != null || conn != null ? " matching the filter" : "")
                    + " in " + trace + " (was the run traced with --trace?)");
        }
        System.setProperty("java.awt.headless", "true");
        XYChart cwnd = new XYChartBuilder().width(width).height(height / 2).title("Congestion window")
                .xAxisTitle("time (s)").yAxisTitle("cwnd (KiB)").build();
        XYChart tput = new XYChartBuilder().width(width).height(height / 2).title("Throughput (" + bin + " s bins)")
                .xAxisTitle("time (s)").yAxisTitle("Mbit/s").build();
        for (XYChart c : List.of(cwnd, tput)) {
            c.getStyler().setMarkerSize(0);
            c.getStyler().setLegendVisible(flows.size() <= 12);
        }
        long from = Long.MAX_VALUE;
        long to = 0;
        for (Flow f : flows.values()) {
            from = Math.min(from, f.first);
            to = Math.max(to, f.last);
        }
        if ((to - from) / binNs > MAX_BINS) {
            throw CliError.usage("--bin " + bin + " cuts the trace's " + (to - from) / 1_000_000_000L + " s into more than "
                    + MAX_BINS + " bins; use a larger --bin");
        }
        int firstBin = (int) (from / binNs);
        int lastBin = (int) (to / binNs);
        for (XYChart c : List.of(cwnd, tput)) {
            c.getStyler().setXAxisMin((double) firstBin * bin);
            c.getStyler().setXAxisMax((lastBin + 1) * bin);
        }
        for (Map.Entry<String, Flow> en : flows.entrySet()) {
            Flow f = en.getValue();
            XYSeries s = cwnd.addSeries(en.getKey(), f.t, f.cwndKiB);
            s.setMarker(SeriesMarkers.NONE);
            s.setLineStyle(new BasicStroke(1.2f));
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int b = firstBin; b <= lastBin; b++) {
                x.add((b + 0.5) * bin);
                y.add(f.bytesPerBin.getOrDefault(b, 0L) * 8 / bin / 1e6);
            }
            XYSeries ts = tput.addSeries(en.getKey(), x, y);
            ts.setMarker(SeriesMarkers.NONE);
        }
        Path out = output != null ? output : Path.of(trace.toString().replaceFirst("\\.[^./]*$", "") + ".png");
        Outputs.file("--output", out);
        BitmapEncoder.saveBitmap(List.of(cwnd, tput), 2, 1, out.toString(), BitmapEncoder.BitmapFormat.PNG);
        System.out.println("wrote " + out + " (" + flows.size() + " connection" + (flows.size() == 1 ? "" : "s") + ")");
        return 0;
    }

    /** Reads the trace's TCP events into per-connection points. */
    private void readTrace(Map<String, Flow> flows, long binNs) throws IOException {
        JsonLinesReader.read(trace, EventCatalogs.schema(), e -> {
            if (e.is(TcpEvents.CWND)) {
                String id = e.get(TcpEvents.CONN);
                if (id == null || (node != null && !e.node().equals(node)) || (conn != null && !id.contains(conn))) {
                    return;
                }
                Flow f = flows.computeIfAbsent(id, k -> new Flow());
                f.saw(e.time());
                long ms = e.time() / 1_000_000;
                if (ms == f.lastCwndMs && !f.t.isEmpty()) {
                    f.cwndKiB.set(f.cwndKiB.size() - 1, e.num(TcpEvents.CWND_BYTES) / 1024.0); // keep the last value per ms
                } else {
                    f.t.add(e.time() / 1e9);
                    f.cwndKiB.add(e.num(TcpEvents.CWND_BYTES) / 1024.0);
                    f.lastCwndMs = ms;
                }
            } else if (e.is(TcpEvents.RECEIVE) && e.num(TcpEvents.LEN) > 0) {
                String id = e.get(TcpEvents.SRC) + ":" + e.num(TcpEvents.SPORT) + ">" + e.get(TcpEvents.DST) + ":" + e.num(TcpEvents.DPORT);
                Flow f = flows.get(id);
                if (f != null) {
                    f.saw(e.time());
                    f.bytesPerBin.merge((int) (e.time() / binNs), e.num(TcpEvents.LEN), Long::sum);
                }
            }
        });
    }
}
