package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Traces;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpEvents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * minternet plot -o FILE.svg, read back: each flow named by its nodes, port and congestion control,
 * receivers hidden unless --all, every line ending with its flow, ssthresh dashed and one mark per
 * retransmission the trace records, and --compare putting two traces on one chart.
 */
class PlotSvgTest {
    @TempDir
    static Path dir;
    static Path trace;
    static Path cubic;

    /** Two bulk transfers over a lossy 10 Mbit/s link: 2 MB with NewReno from 1 s, 1 MB with CUBIC from 1.5 s. */
    static final String SCENARIO = PlotCommandTest.SCENARIO + """
              - {at: 0s, on: b, run: "nc -l -d 5002"}
              - {at: 1.5s, on: a, run: "nc -C cubic -b 1MB b 5002"}
            """;

    @BeforeAll
    static void traces() throws Exception {
        Path yaml = dir.resolve("two.yaml");
        Files.writeString(yaml, SCENARIO);
        trace = dir.resolve("two.jsonl");
        assertThat(CliTest.exec("run", yaml.toString(), "--trace", trace.toString()).code()).isZero();
        Path yaml2 = dir.resolve("cubic.yaml");
        Files.writeString(yaml2, SCENARIO.replace("-C newreno", "-C cubic"));
        cubic = dir.resolve("cubic.jsonl");
        assertThat(CliTest.exec("run", yaml2.toString(), "--trace", cubic.toString()).code()).isZero();
    }

    private static String plot(String name, String... args) throws Exception {
        Path svg = dir.resolve(name);
        List<String> all = new ArrayList<>(List.of("plot", "-o", svg.toString()));
        all.addAll(List.of(args));
        CliTest.Outcome o = CliTest.exec(all.toArray(String[]::new));
        assertThat(o.code()).as(o.err()).isZero();
        return Files.readString(svg);
    }

    /** The points of the series' polyline of {@code cls} in panel {@code panel} (0: cwnd, 1: throughput). */
    private static List<double[]> points(String svg, int panel, String cls, String series) {
        String part = svg.split("<g class=\"panel\"")[panel + 1];
        Matcher m = Pattern.compile("<polyline class=\"" + cls + "\" data-series=\"" + Pattern.quote(series) + "\" points=\"([^\"]*)\"").matcher(part);
        assertThat(m.find()).as(series + " in panel " + panel).isTrue();
        List<double[]> out = new ArrayList<>();
        for (String p : m.group(1).split(" ")) {
            String[] xy = p.split(",");
            out.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
        }
        return out;
    }

    @Test
    void the_legend_names_each_flow_and_its_congestion_control_and_hides_receivers() throws Exception {
        String svg = plot("two.svg", trace.toString());
        assertThat(svg).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        assertThat(svg).contains(">a -&gt; b:5001 (newreno)</text>", ">a -&gt; b:5002 (cubic)</text>");
        assertThat(svg).doesNotContain(">b -&gt; a:");
        String all = plot("all.svg", trace.toString(), "--all");
        assertThat(all).contains(">a -&gt; b:5001 (newreno)</text>").containsPattern(">b -&gt; a:\\d+ \\(cubic\\)</text>");
    }

    @Test
    void each_line_ends_with_its_flow() throws Exception {
        String svg = plot("two.svg", trace.toString());
        for (int panel = 0; panel < 2; panel++) {
            double newreno = last(points(svg, panel, "line", "a -&gt; b:5001 (newreno)"));
            double cubicEnd = last(points(svg, panel, "line", "a -&gt; b:5002 (cubic)"));
            // The 1 MB CUBIC flow, started half a second later, ends well before the 2 MB one: its line stops there.
            assertThat(cubicEnd).as("panel %d", panel).isLessThan(newreno - 100);
            assertThat(points(svg, panel, "line", "a -&gt; b:5002 (cubic)").get(0)[0]).as("panel %d", panel)
                    .isGreaterThan(points(svg, panel, "line", "a -&gt; b:5001 (newreno)").get(0)[0] + 50);
        }
    }

    private static double last(List<double[]> pts) {
        return pts.get(pts.size() - 1)[0];
    }

    @Test
    void ssthresh_is_dashed_and_every_retransmission_is_marked() throws Exception {
        String svg = plot("two.svg", trace.toString());
        for (String flow : List.of("a -&gt; b:5001 (newreno)", "a -&gt; b:5002 (cubic)")) {
            assertThat(svg).contains("<polyline class=\"ssthresh\" data-series=\"" + flow + " ssthresh\"");
            assertThat(svg).containsPattern("data-series=\"" + Pattern.quote(flow) + " ssthresh\" points=\"[^\"]*\" stroke=\"#[0-9a-f]{6}\" "
                    + "fill=\"none\" stroke-width=\"1\" stroke-dasharray=\"6 4\"");
        }
        for (long port : List.of(5001L, 5002L)) {
            long retransmits = 0;
            for (TraceEvent e : Traces.read(trace)) {
                if (e.is(TcpEvents.RETRANSMIT) && e.node().equals("a") && e.get(TcpEvents.CONN).endsWith(":" + port)) {
                    retransmits++;
                }
            }
            assertThat(retransmits).as("the lossy link made port %d retransmit", port).isPositive();
            Matcher m = Pattern.compile("<path class=\"retransmits\" data-series=\"a -&gt; b:" + port + " \\([a-z]+\\) retransmits\" d=\"([^\"]*)\"")
                    .matcher(svg);
            assertThat(m.find()).isTrue();
            assertThat(m.group(1).chars().filter(ch -> ch == 'M').count()).isEqualTo(retransmits);
        }
    }

    @Test
    void compare_draws_two_traces_on_one_chart_each_flow_named_by_its_file() throws Exception {
        String svg = plot("cmp.svg", "--compare", trace.toString(), cubic.toString());
        assertThat(svg).contains(">two.jsonl: a -&gt; b:5001 (newreno)</text>", ">cubic.jsonl: a -&gt; b:5001 (cubic)</text>",
                ">two.jsonl: a -&gt; b:5002 (cubic)</text>", ">cubic.jsonl: a -&gt; b:5002 (cubic)</text>");
        CliTest.Outcome o = CliTest.exec("plot", "--compare", trace.toString(), cubic.toString());
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(o.out()).startsWith("wrote " + dir.resolve("two-vs-cubic.png") + " (4 connections, ");
        assertThat(dir.resolve("two-vs-cubic.png")).isNotEmptyFile();
    }

    @Test
    void a_trace_and_compare_together_is_a_usage_error() {
        CliTest.Outcome o = CliTest.exec("plot", trace.toString(), "--compare", trace.toString(), cubic.toString());
        assertThat(o.code()).isEqualTo(2);
        assertThat(o.err()).isEqualTo("minternet: give a TRACE or --compare A B, not both\n");
        assertThat(CliTest.exec("plot").code()).isEqualTo(2);
    }

    @Test
    void the_same_trace_gives_the_same_svg() throws Exception {
        assertThat(plot("one.svg", trace.toString())).isEqualTo(plot("two-again.svg", trace.toString()));
    }
}
