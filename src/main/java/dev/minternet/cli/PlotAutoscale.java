package dev.minternet.cli;

import dev.minternet.services.lb.AutoscaleEvents;
import dev.minternet.services.lb.LoadEvents;
import dev.minternet.trace.JsonLinesReader;
import dev.minternet.trace.TraceEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An autoscaling run as {@code plot --autoscale} draws it, from its JSON-lines trace through the catalogs: the
 * scripted load's latency each second ({@link LoadEvents#SECOND_DONE}: mean and maximum), the group's instances
 * in service and booting as step lines that change at the events that change them ({@link AutoscaleEvents}:
 * scale-out starts a boot, in-service ends it, scale-in drains one), and the metric the policy read at each
 * evaluation. So a flash crowd shows as latency rising, instances arriving, and latency recovering.
 */
final class PlotAutoscale {
    /** One group: the events of one load balancer's node. */
    final Path path;
    final List<double[]> mean = new ArrayList<>();
    final List<double[]> max = new ArrayList<>();
    final List<double[]> inService = new ArrayList<>();
    final List<double[]> booting = new ArrayList<>();
    final List<double[]> metric = new ArrayList<>();
    /** Seconds of the scale-outs, in-service registrations and scale-ins. */
    final List<Double> scaleOuts = new ArrayList<>();
    final List<Double> arrivals = new ArrayList<>();
    final List<Double> scaleIns = new ArrayList<>();
    private final List<TraceEvent> group = new ArrayList<>();
    private String groupNode;
    private double end;

    private PlotAutoscale(Path path) {
        this.path = path;
    }

    /** Reads {@code path}: the load's seconds (of every load service) and the first autoscaling group's events. */
    static PlotAutoscale read(Path path) throws IOException {
        PlotAutoscale p = new PlotAutoscale(path);
        JsonLinesReader.read(path, EventCatalogs.schema(), p::add);
        p.steps();
        return p;
    }

    private void add(TraceEvent e) {
        end = Math.max(end, e.time() / 1e9);
        if (e.is(LoadEvents.SECOND_DONE)) {
            if (e.num(LoadEvents.REQUESTS) > 0) { // a second with nothing finished has no latency
                mean.add(new double[] {e.num(LoadEvents.SECOND), e.get(LoadEvents.MEAN_MS)});
                max.add(new double[] {e.num(LoadEvents.SECOND), e.get(LoadEvents.MAX_MS)});
            }
        } else if (e.in(AutoscaleEvents.CATALOG) && (groupNode == null || groupNode.equals(e.node()))) {
            groupNode = e.node();
            group.add(e);
        }
    }

    boolean isEmpty() {
        return group.isEmpty() && mean.isEmpty();
    }

    /** The step lines: the count at the start is the first evaluation's, less what the events before it changed. */
    private void steps() {
        long serving = 0;
        long boots = 0;
        TraceEvent first = null;
        for (TraceEvent e : group) {
            if (e.is(AutoscaleEvents.METRIC)) {
                first = e;
                break;
            }
        }
        if (first != null) {
            serving = first.num(AutoscaleEvents.IN_SERVICE);
            boots = first.num(AutoscaleEvents.BOOTING);
            for (TraceEvent e : group) {
                if (e == first) {
                    break;
                }
                serving -= e.is(AutoscaleEvents.IN_SERVICE_EVENT) ? 1 : e.is(AutoscaleEvents.SCALE_IN) ? -1 : 0;
                boots -= e.is(AutoscaleEvents.SCALE_OUT) ? 1 : e.is(AutoscaleEvents.IN_SERVICE_EVENT) ? -1 : 0;
            }
        }
        inService.add(new double[] {0, serving});
        booting.add(new double[] {0, boots});
        for (TraceEvent e : group) {
            double t = e.time() / 1e9;
            if (e.is(AutoscaleEvents.METRIC)) {
                metric.add(new double[] {t, e.get(AutoscaleEvents.QUEUE)});
            } else if (e.is(AutoscaleEvents.SCALE_OUT)) {
                scaleOuts.add(t);
                boots = step(booting, t, boots, boots + 1);
            } else if (e.is(AutoscaleEvents.IN_SERVICE_EVENT)) {
                arrivals.add(t);
                boots = step(booting, t, boots, boots - 1);
                serving = step(inService, t, serving, serving + 1);
            } else if (e.is(AutoscaleEvents.SCALE_IN)) {
                scaleIns.add(t);
                serving = step(inService, t, serving, serving - 1);
            }
        }
        inService.add(new double[] {end, serving});
        booting.add(new double[] {end, boots});
    }

    /** A vertical step at {@code t} from {@code from} to {@code to}; returns {@code to}. */
    private static long step(List<double[]> line, double t, long from, long to) {
        line.add(new double[] {t, from});
        line.add(new double[] {t, to});
        return to;
    }

    /** The count of {@code line} (a step line) at {@code t}: the last point at or before it. */
    static double at(List<double[]> line, double t) {
        double v = Double.NaN;
        for (double[] p : line) {
            if (p[0] <= t) {
                v = p[1];
            }
        }
        return v;
    }

    /** The chart of one or more runs ({@code prefix}: each series named by its file first). */
    static PlotChart chart(List<PlotAutoscale> runs, boolean prefix) {
        List<PlotChart.Series> latency = new ArrayList<>();
        List<PlotChart.Series> instances = new ArrayList<>();
        List<PlotChart.Series> queue = new ArrayList<>();
        for (int k = 0; k < runs.size(); k++) {
            PlotAutoscale r = runs.get(k);
            String name = prefix ? r.path.getFileName() + ": " : "";
            PlotChart.Style style = k == 0 ? PlotChart.Style.LINE : PlotChart.Style.DASHED;
            latency.add(new PlotChart.Series(name + "mean latency", 0, style, r.mean));
            latency.add(new PlotChart.Series(name + "max latency", 1, PlotChart.Style.DASHED, r.max));
            instances.add(new PlotChart.Series(name + "in service", 4, style, r.inService));
            instances.add(new PlotChart.Series(name + "booting or health-checked", 5, PlotChart.Style.DASHED, r.booting));
            instances.add(new PlotChart.Series(name + "scale-out", 2, PlotChart.Style.MARKERS, marks(r.scaleOuts, r.inService)));
            instances.add(new PlotChart.Series(name + "scale-in", 6, PlotChart.Style.MARKERS, marks(r.scaleIns, r.inService)));
            queue.add(new PlotChart.Series(name + "requests in flight per instance (the policy's metric)", 3, style, r.metric));
        }
        return PlotChart.of(List.of(new PlotChart.Panel("Latency of the load, per second (seconds where nothing finished have no point)",
                "ms", latency), new PlotChart.Panel("Instances of the autoscaling group", "instances", instances),
                new PlotChart.Panel("The metric at each evaluation", "requests per instance", queue)));
    }

    /** A marker at each of {@code times}, at the height of {@code line} just before it. */
    private static List<double[]> marks(List<Double> times, List<double[]> line) {
        List<double[]> out = new ArrayList<>();
        for (double t : times) {
            out.add(new double[] {t, at(line, Math.nextDown(t))});
        }
        return out;
    }
}
