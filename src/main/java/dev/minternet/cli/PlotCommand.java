package dev.minternet.cli;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * minternet plot TRACE: draws each TCP flow's congestion window (with its ssthresh and its
 * retransmissions) and its throughput over time, from a JSON-lines trace ({@code minternet run
 * --trace}), to a PNG or (with an {@code .svg} output) an SVG. Everything comes from the trace
 * (docs/design.md decision 7), read through the catalog ({@link PlotTrace}); {@code --compare A B}
 * draws two traces on one chart, each flow named by its file first.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Plot TCP cwnd, ssthresh, retransmissions and throughput over time from a JSON-lines trace "
                + "to a PNG (or SVG with -o FILE.svg); --autoscale, --drill and --frames plot other runs.")
public final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TRACE", description = "Trace written by `minternet run --trace FILE`.")
    Path trace;

    @Option(names = "--compare", arity = "2", paramLabel = "TRACE",
            description = "Draw two traces on one chart (instead of TRACE); each flow's legend starts with its file's name.")
    List<Path> compare;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Output image: .svg writes SVG, anything else PNG (default: TRACE with .png).")
    Path output;

    @Option(names = "--node", description = "Only connections whose sender is this node.")
    String node;

    @Option(names = "--conn", description = "Only connections whose id (addr:port>addr:port) contains this text.")
    String conn;

    @Option(names = "--frames", description = "Plot the RTP receivers' frames instead of TCP: how late each late frame "
            + "completed past its playout deadline, and the frames on time, late and lost as the deadlines pass.")
    boolean frames;

    @Option(names = "--drill", description = "The file is a DDoS drill's per-second CSV (ddos.csv of `minternet run`), not a "
            + "trace: plot legitimate successes and p50/p99 latency, and the attack by where it ended, one line per series.")
    boolean drill;

    @Option(names = "--autoscale", description = "Plot an autoscaling run instead of TCP: the load's mean and maximum latency "
            + "per second, the group's instances in service and booting (with its scale-outs and scale-ins), and the policy's "
            + "metric at each evaluation.")
    boolean autoscale;

    @Option(names = "--all", description = "Also draw receivers and empty connections (ends that sent no payload; hidden by default).")
    boolean all;

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

    @Override
    public Integer call() throws IOException {
        if ((trace == null) == (compare == null)) {
            throw CliError.usage(trace == null ? "give a TRACE or --compare A B" : "give a TRACE or --compare A B, not both");
        }
        List<Path> files = compare != null ? compare : List.of(trace);
        for (Path f : files) {
            if (Files.isDirectory(f)) {
                throw CliError.usage(f + ": Is a directory");
            }
            if (!Files.isRegularFile(f)) {
                throw CliError.usage(f + ": No such file or directory");
            }
        }
        Outputs.file("--output", output);
        if (autoscale) {
            return plotAutoscale(files);
        }
        if (drill) {
            return plotDrill(files);
        }
        if (frames) {
            return plotFrames(files);
        }
        long binNs = Math.max(1, Math.round(bin * 1e9));
        List<PlotTrace> traces = new ArrayList<>();
        int flows = 0;
        for (Path f : files) {
            PlotTrace t = read(f, binNs);
            traces.add(t);
            flows += t.flows.size();
            for (PlotTrace.Flow fl : t.flows.values()) {
                if (fl.cwnd.isEmpty()) {
                    continue;
                }
                if ((fl.last - fl.first) / binNs > MAX_BINS) {
                    throw CliError.usage("--bin " + bin + " cuts the trace's " + (fl.last - fl.first) / 1_000_000_000L + " s into more than "
                            + MAX_BINS + " bins; use a larger --bin");
                }
            }
        }
        if (flows == 0) {
            throw CliError.runtime("no TCP cwnd events" + (node != null || conn != null ? " matching the filter" : "")
                    + " in " + String.join(" or ", files.stream().map(Path::toString).toList()) + " (was the run traced with --trace?)");
        }
        PlotChart chart = PlotChart.of(traces, all, compare != null, bin);
        if (chart.isEmpty()) {
            throw CliError.runtime("only receivers and empty connections (no payload sent) in " + files.get(0)
                    + "; --all draws them");
        }
        Path out = write(chart, files);
        int shown = chart.panels.get(1).series().size();
        System.out.println("wrote " + out + " (" + shown + " connection" + (shown == 1 ? "" : "s")
                + (chart.hidden == 0 ? "" : ", " + chart.hidden + " receiver" + (chart.hidden == 1 ? "" : "s")
                + " or empty hidden; --all shows them") + ")");
        return 0;
    }

    /** --autoscale: an autoscaling group under a load. */
    private Integer plotAutoscale(List<Path> files) throws IOException {
        if (frames || drill) {
            throw CliError.usage("--autoscale, --drill and --frames plot different things; give one of them");
        }
        List<PlotAutoscale> runs = new ArrayList<>();
        for (Path f : files) {
            PlotAutoscale r;
            try {
                r = PlotAutoscale.read(f);
            } catch (IOException | RuntimeException e) {
                throw CliError.usage(f + " is not a minternet trace (" + (e instanceof CharacterCodingException ? "not UTF-8 text"
                        : e.getMessage() == null ? "unexpected content" : e.getMessage()) + ")");
            }
            if (r.isEmpty()) {
                throw CliError.runtime("no autoscale or load events in " + f
                        + " (does the scenario have an lb with autoscaling: or a load service, and was the run traced with --trace?)");
            }
            runs.add(r);
        }
        Path out = write(PlotAutoscale.chart(runs, compare != null), files);
        StringBuilder sb = new StringBuilder("wrote " + out);
        for (PlotAutoscale r : runs) {
            sb.append(String.format(java.util.Locale.ROOT, "%n%s%d seconds of load, %d scale-outs, %d in service after their checks, "
                    + "%d scale-ins", compare != null ? r.path.getFileName() + ": " : "", r.mean.size(), r.scaleOuts.size(),
                    r.arrivals.size(), r.scaleIns.size()));
        }
        System.out.println(sb);
        return 0;
    }

    /** --drill: a DDoS drill's per-second table. */
    private Integer plotDrill(List<Path> files) throws IOException {
        if (frames) {
            throw CliError.usage("--drill and --frames plot different files; give one of them");
        }
        List<PlotDrill> drills = new ArrayList<>();
        for (Path f : files) {
            try {
                drills.add(PlotDrill.read(f));
            } catch (IOException | RuntimeException e) {
                throw CliError.usage(f + " is not a drill's CSV (" + (e instanceof CharacterCodingException ? "not UTF-8 text"
                        : e.getMessage() == null ? "unexpected content" : e.getMessage()) + ")");
            }
        }
        PlotChart chart = PlotDrill.chart(drills, compare != null);
        Path out = write(chart, files);
        int series = chart.panels.stream().mapToInt(p -> p.series().size()).sum();
        System.out.println("wrote " + out + " (" + drills.stream().mapToInt(d -> d.rows.size()).sum() + " seconds, " + series
                + " series)");
        return 0;
    }

    /** --frames: the RTP receivers' playout verdicts. */
    private Integer plotFrames(List<Path> files) throws IOException {
        List<PlotFrames> traces = new ArrayList<>();
        int streams = 0;
        for (Path f : files) {
            PlotFrames t;
            try {
                t = PlotFrames.read(f, node);
            } catch (IOException | RuntimeException e) {
                throw CliError.usage(f + " is not a minternet trace ("
                        + (e instanceof CharacterCodingException ? "not UTF-8 text"
                        : e.getMessage() == null ? "unexpected content" : e.getMessage()) + ")");
            }
            traces.add(t);
            streams += t.streams.size();
        }
        if (streams == 0) {
            throw CliError.runtime("no rtp playout events" + (node != null ? " on node " + node : "") + " in "
                    + String.join(" or ", files.stream().map(Path::toString).toList())
                    + " (does the scenario have an rtp-receiver, and was the run traced with --trace?)");
        }
        Path out = write(PlotFrames.chart(traces, compare != null), files);
        StringBuilder sb = new StringBuilder("wrote " + out + " (" + streams + " stream" + (streams == 1 ? "" : "s") + ")");
        for (PlotFrames t : traces) {
            for (PlotFrames.Stream s : t.streams.values()) {
                sb.append(String.format(java.util.Locale.ROOT, "%n%s%s: %d on time, %d late, %d lost",
                        compare != null ? t.path.getFileName() + ": " : "", s.label(), s.count(PlotFrames.Verdict.ON_TIME),
                        s.count(PlotFrames.Verdict.LATE), s.count(PlotFrames.Verdict.LOST)));
            }
        }
        System.out.println(sb);
        return 0;
    }

    private Path write(PlotChart chart, List<Path> files) throws IOException {
        Path out = output != null ? output : defaultOutput(files);
        Outputs.file("--output", out);
        if (out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".svg")) {
            Files.writeString(out, PlotSvg.svg(chart, width, height), StandardCharsets.UTF_8);
        } else {
            chart.png(out, width, height);
        }
        return out;
    }

    /** TRACE with .png; for --compare, A-vs-B.png beside A. */
    private static Path defaultOutput(List<Path> files) {
        String a = stem(files.get(0));
        String name = files.size() == 1 ? a + ".png" : Path.of(a).getFileName() + "-vs-" + Path.of(stem(files.get(1))).getFileName() + ".png";
        return files.size() == 1 ? Path.of(name) : files.get(0).resolveSibling(name);
    }

    private static String stem(Path p) {
        return p.toString().replaceFirst("\\.[^./]*$", "");
    }

    private PlotTrace read(Path f, long binNs) {
        try {
            return PlotTrace.read(f, binNs, node, conn);
        } catch (IOException | RuntimeException e) {
            // random bytes, another JSON, a trace line with a field of the wrong type
            throw CliError.usage(f + " is not a minternet trace ("
                    + (e instanceof CharacterCodingException ? "not UTF-8 text"
                    : e.getMessage() == null ? "unexpected content" : e.getMessage()) + ")");
        }
    }
}
