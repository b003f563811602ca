package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** minternet plot --drill: a drill's ddos.csv as curves, one polyline per series, one point per second. */
class PlotDrillTest {
    @TempDir
    Path dir;

    /** examples/ddos-http-flood.yaml, lighter (120 GETs a second) and with the gateway's rate limit on. */
    Path drill() throws Exception {
        String text = Files.readString(Path.of("examples/ddos-http-flood.yaml")).replace("rate: 1000 ", "rate: 120 ")
                .replace("# rate-limit: {per: client", "rate-limit: {per: client");
        Path yaml = dir.resolve("drill.yaml");
        Files.writeString(yaml, text);
        CliTest.Outcome run = CliTest.exec("run", yaml.toString(), "--out", dir.toString());
        assertThat(run.code()).as(run.err()).isZero();
        return dir.resolve("ddos.csv");
    }

    static List<String> points(String svg, String series) {
        Matcher m = Pattern.compile("<polyline class=\"[a-z]+\" data-series=\"" + Pattern.quote(series) + "\" points=\"([^\"]*)\"")
                .matcher(svg);
        assertThat(m.find()).as(series).isTrue();
        return List.of(m.group(1).trim().split(" "));
    }

    @Test
    void draws_every_series_with_a_point_per_second() throws Exception {
        Path csv = drill();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(16);
        Path svg = dir.resolve("ddos.svg");
        CliTest.Outcome o = CliTest.exec("plot", "--drill", csv.toString(), "-o", svg.toString());
        assertThat(o.code()).as(o.err()).isZero();
        // legit ok/failed, p50/p99, and the attack's non-zero columns: sent, 429, origin, victim queue drops none
        assertThat(o.out().strip()).isEqualTo("wrote " + svg + " (15 seconds, 7 series)");
        String s = Files.readString(svg);
        assertThat(s).contains("Legitimate requests per second", "Legitimate latency", "Attack per second, by where it ended");
        for (String series : List.of("legit ok", "legit failed", "p50", "p99", "attack sent", "429 at the gateway",
                "served by the origin")) {
            assertThat(points(s, series)).as(series).hasSize(15);
        }
        assertThat(s).doesNotContain("data-series=\"served from cache\"").doesNotContain("data-series=\"SYNs dropped\"");
        // 24 GETs a second per bot against 10 a second and a burst of 20: 429s appear from the second second
        // of the flood; the curve's points climb from 0.
        long rateLimited = rows.stream().skip(1).mapToLong(l -> Long.parseLong(l.split(",")[11])).sum();
        assertThat(rateLimited).isPositive();

        Path two = dir.resolve("two.svg");
        CliTest.Outcome c = CliTest.exec("plot", "--drill", "--compare", csv.toString(), csv.toString(), "-o", two.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(Files.readString(two)).contains("data-series=\"ddos.csv: legit ok\"");
    }

    @Test
    void a_file_that_is_not_a_drill_csv_is_one_line() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n");
        CliTest.Outcome o = CliTest.exec("plot", "--drill", bad.toString(), "-o", dir.resolve("x.svg").toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).contains("is not a drill's CSV").doesNotContain("Exception");
    }
}
