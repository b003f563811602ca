package dev.minternet.cli;

import dev.minternet.attack.Drill;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A DDoS drill's per-second table ({@code ddos.csv}, {@link Drill#CSV_HEADER}) as {@code plot
 * --drill} draws it: the legitimate requests that succeeded and failed, their p50 and p99
 * latency, and the attack's traffic by where it ended, one line per series and one point per
 * second (at the second's start). Series that are zero throughout are left out.
 */
final class PlotDrill {
    /** The attack's columns, in the order drawn, with their legend names. */
    static final List<String[]> ATTACK = List.of(new String[] {"attack_sent", "attack sent"},
            new String[] {"http_429", "429 at the gateway"}, new String[] {"cache_hits", "served from cache"},
            new String[] {"origin_ok", "served by the origin"}, new String[] {"http_errors", "error status"},
            new String[] {"no_answer", "no answer"}, new String[] {"syn_dropped", "SYNs dropped"},
            new String[] {"cookies", "SYN cookies"}, new String[] {"dns_refused", "DNS refused"},
            new String[] {"rrl_limited", "RRL limited"}, new String[] {"blackholed", "blackholed upstream"},
            new String[] {"link_drops", "queue drops"});

    final Path path;
    final List<String> header;
    final List<double[]> rows = new ArrayList<>();

    private PlotDrill(Path path, List<String> header) {
        this.path = path;
        this.header = header;
    }

    /** Reads a drill CSV; an {@link IllegalArgumentException} says what is wrong with it. */
    static PlotDrill read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(Drill.CSV_HEADER)) {
            throw new IllegalArgumentException("the first line is not a drill's header (" + Drill.CSV_HEADER.substring(0, 30) + "...)");
        }
        PlotDrill d = new PlotDrill(path, Arrays.asList(Drill.CSV_HEADER.split(",")));
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != d.header.size()) {
                throw new IllegalArgumentException("line " + (i + 1) + " has " + f.length + " fields, not " + d.header.size());
            }
            double[] row = new double[f.length];
            for (int j = 0; j < f.length; j++) {
                try {
                    row[j] = Double.parseDouble(f[j]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": '" + f[j] + "' is not a number");
                }
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": '" + f[j] + "' is not a number");
                }
            }
            d.rows.add(row);
        }
        if (d.rows.isEmpty()) {
            throw new IllegalArgumentException("no rows");
        }
        return d;
    }

    private List<double[]> series(String column, boolean skipNegative) {
        int c = header.indexOf(column);
        List<double[]> out = new ArrayList<>();
        for (double[] r : rows) {
            if (!(skipNegative && r[c] < 0)) {
                out.add(new double[] {r[0], r[c]});
            }
        }
        return out;
    }

    private boolean anyNonZero(String column) {
        int c = header.indexOf(column);
        return rows.stream().anyMatch(r -> r[c] != 0);
    }

    /** The chart of one or more drills ({@code prefix}: each series named by its file first). */
    static PlotChart chart(List<PlotDrill> drills, boolean prefix) {
        List<PlotChart.Series> legit = new ArrayList<>();
        List<PlotChart.Series> latency = new ArrayList<>();
        List<PlotChart.Series> attack = new ArrayList<>();
        int n = PlotChart.PALETTE.length;
        for (int k = 0; k < drills.size(); k++) {
            PlotDrill d = drills.get(k);
            String name = prefix ? d.path.getFileName() + ": " : "";
            PlotChart.Style style = k == 0 ? PlotChart.Style.LINE : PlotChart.Style.DASHED;
            legit.add(new PlotChart.Series(name + "legit ok", 4, style, d.series("legit_ok", false)));
            legit.add(new PlotChart.Series(name + "legit failed", 2, style, d.series("legit_failed", false)));
            latency.add(new PlotChart.Series(name + "p50", 0, style, d.series("p50_ms", true)));
            latency.add(new PlotChart.Series(name + "p99", 1, style, d.series("p99_ms", true)));
            int colour = 0;
            for (String[] a : ATTACK) {
                if (d.anyNonZero(a[0])) {
                    attack.add(new PlotChart.Series(name + a[1], colour % n, style, d.series(a[0], false)));
                }
                colour++;
            }
        }
        return PlotChart.of(List.of(new PlotChart.Panel("Legitimate requests per second", "requests", legit),
                new PlotChart.Panel("Legitimate latency (seconds without a success have no point)", "ms", latency),
                new PlotChart.Panel("Attack per second, by where it ended", "requests or packets", attack)));
    }
}
