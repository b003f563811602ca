package dev.minternet.cli;

import dev.minternet.services.media.MediaEvents;
import dev.minternet.trace.JsonLinesReader;
import dev.minternet.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The RTP receivers' frames of one JSON-lines trace as {@code plot --frames} draws them, read
 * through the catalog ({@link MediaEvents#PLAYOUT}): per stream (receiving node, transport,
 * SSRC), each frame's playout deadline and its verdict: on time, late (completed after its
 * deadline, by how much) or lost (still incomplete at the end of the trace).
 */
final class PlotFrames {
    /** What became of one frame. */
    enum Verdict { ON_TIME, LATE, LOST }

    /** One frame: its deadline (ns), verdict and, when late, how late (ns). */
    record Frame(long deadlineNs, Verdict verdict, long latenessNs) {
    }

    /** One receiver's stream. */
    static final class Stream {
        final String node;
        final String transport;
        final long ssrc;
        /** By frame number. */
        final TreeMap<Long, Frame> frames = new TreeMap<>();

        Stream(String node, String transport, long ssrc) {
            this.node = node;
            this.transport = transport;
            this.ssrc = ssrc;
        }

        String label() {
            return node + " " + transport + " (ssrc " + String.format("0x%08x", ssrc) + ")";
        }

        long count(Verdict v) {
            return frames.values().stream().filter(f -> f.verdict() == v).count();
        }
    }

    final Path path;
    final Map<String, Stream> streams = new LinkedHashMap<>();

    private PlotFrames(Path path) {
        this.path = path;
    }

    /** Reads {@code path}; only receivers on {@code node} when it is given. */
    static PlotFrames read(Path path, String node) throws IOException {
        PlotFrames t = new PlotFrames(path);
        JsonLinesReader.read(path, EventCatalogs.schema(), e -> t.add(e, node));
        return t;
    }

    private void add(TraceEvent e, String node) {
        if (!e.is(MediaEvents.PLAYOUT) || (node != null && !e.node().equals(node))) {
            return;
        }
        String transport = e.get(MediaEvents.TRANSPORT);
        long ssrc = e.num(MediaEvents.SSRC);
        Stream s = streams.computeIfAbsent(e.node() + " " + transport + " " + ssrc, k -> new Stream(e.node(), transport, ssrc));
        long frame = e.num(MediaEvents.FRAME);
        String status = e.get(MediaEvents.STATUS);
        switch (status) {
            case "on-time" -> s.frames.put(frame, new Frame(e.time(), Verdict.ON_TIME, 0));
            case "missing" -> s.frames.putIfAbsent(frame, new Frame(e.time(), Verdict.LOST, 0));
            case "late" -> {
                long late = e.num(MediaEvents.LATENESS);
                s.frames.put(frame, new Frame(e.time() - late, Verdict.LATE, late));
            }
            default -> throw new IllegalArgumentException("unknown playout status '" + status + "'");
        }
    }

    /**
     * The chart: how late each late frame completed, at its deadline; below it, the frames of each
     * stream counted by verdict as their deadlines pass.
     */
    static PlotChart chart(List<PlotFrames> traces, boolean prefix) {
        List<PlotChart.Series> lateness = new ArrayList<>();
        List<PlotChart.Series> counts = new ArrayList<>();
        int colour = 0;
        for (PlotFrames t : traces) {
            for (Stream s : t.streams.values()) {
                String name = (prefix ? t.path.getFileName() + ": " : "") + s.label();
                int c = colour;
                colour += 3;
                List<double[]> late = new ArrayList<>();
                List<double[]> onTime = new ArrayList<>();
                List<double[]> lateCount = new ArrayList<>();
                List<double[]> lost = new ArrayList<>();
                List<Frame> byDeadline = new ArrayList<>(s.frames.values());
                byDeadline.sort(Comparator.comparingLong(Frame::deadlineNs));
                long[] n = new long[3];
                for (Frame f : byDeadline) {
                    double x = f.deadlineNs() / 1e9;
                    n[f.verdict().ordinal()]++;
                    if (f.verdict() == Verdict.LATE) {
                        late.add(new double[] {x, f.latenessNs() / 1e6});
                    }
                    onTime.add(new double[] {x, n[0]});
                    lateCount.add(new double[] {x, n[1]});
                    lost.add(new double[] {x, n[2]});
                }
                if (!late.isEmpty()) {
                    lateness.add(new PlotChart.Series(name + " late frames", c % PlotChart.PALETTE.length,
                            PlotChart.Style.MARKERS, late));
                }
                counts.add(new PlotChart.Series(name + " on time", c % PlotChart.PALETTE.length, PlotChart.Style.LINE, onTime));
                counts.add(new PlotChart.Series(name + " late", (c + 1) % PlotChart.PALETTE.length, PlotChart.Style.DASHED,
                        lateCount));
                counts.add(new PlotChart.Series(name + " lost", (c + 2) % PlotChart.PALETTE.length, PlotChart.Style.DASHED,
                        lost));
            }
        }
        return PlotChart.of(List.of(new PlotChart.Panel("Late frames: how long after its playout deadline each completed",
                "ms past the deadline", lateness), new PlotChart.Panel("Frames by verdict, counted at their deadlines",
                "frames", counts)));
    }
}
