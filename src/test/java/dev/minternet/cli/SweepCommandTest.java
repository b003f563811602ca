package dev.minternet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest.Outcome;
import dev.minternet.testing.JavaLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minternet sweep}: the product of values and seeds, one row per run, equal to single runs. */
class SweepCommandTest {
    @TempDir
    Path dir;

    static final String LOSSY = """
            name: lossy
            seed: 7
            nodes:
              - {name: phone, kind: host}
              - {name: server, kind: host}
            links:
              - {name: radio, a: phone 10.0.0.1/24, b: server 10.0.0.2/24, bandwidth: 2Mbps, delay: 25ms, loss: 2%, queue: 10}
            timeline:
              - {at: 1s, on: phone, run: "ping -q -c 40 -i 0.2 server"}
            """;

    Path scenario(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void rows_follow_the_product_of_values_then_seeds_and_the_summary_has_a_line_per_cell_and_metric()
            throws Exception {
        Path f = scenario("lossy.yaml", LOSSY);
        Path csv = dir.resolve("out.csv");
        Outcome o = CliTest.exec("sweep", f.toString(), "--set", "links[radio].loss=0%,10%", "--set",
                "links[0].delay=5ms,50ms", "--seeds", "1..3", "--metric", "loss-drops", "--metric",
                "rtt=rtt min/avg/max/mdev = [0-9.]+/([0-9.]+)", "--out", csv.toString(), "--threads", "2");
        assertThat(o.err()).isEmpty();
        assertThat(o.code()).isZero();
        List<String> rows = Files.readAllLines(csv);
        assertThat(rows).hasSize(13);
        assertThat(rows.get(0)).isEqualTo("run,links[radio].loss,links[0].delay,seed,loss-drops,rtt");
        assertThat(rows.get(1)).startsWith("1,0%,5ms,1,0,");
        assertThat(rows.get(3)).startsWith("3,0%,5ms,3,0,");
        assertThat(rows.get(4)).startsWith("4,0%,50ms,1,0,");
        assertThat(rows.get(7)).startsWith("7,10%,5ms,1,");
        // without loss the seeds change nothing; the delay shows in the RTT (two ways, ms)
        double rtt5 = Double.parseDouble(rows.get(1).split(",")[5]);
        double rtt50 = Double.parseDouble(rows.get(4).split(",")[5]);
        assertThat(rtt50 - rtt5).isBetween(89.0, 91.0);
        // with 10% loss on each way some packets are lost, and the seeds draw different losses
        assertThat(rows.subList(7, 13)).allSatisfy(r -> assertThat(Long.parseLong(r.split(",")[4])).isPositive());
        assertThat(rows.subList(7, 10).stream().map(r -> r.split(",")[4]).distinct().count()).isGreaterThan(1);
        assertThat(o.out()).startsWith("12 runs (4 combinations x 3 seeds)\n")
                .containsPattern("10% +50ms +loss-drops +3 ");
    }

    @Test
    void each_run_is_the_run_of_the_file_with_that_value_written_and_threads_change_nothing() throws Exception {
        Path f = scenario("lossy.yaml", LOSSY);
        Path g = scenario("edited.yaml", LOSSY.replace("loss: 2%", "loss: 5%"));
        Path a = dir.resolve("a.csv");
        Path b = dir.resolve("b.csv");
        Path c = dir.resolve("c.csv");
        assertThat(CliTest.exec("sweep", f.toString(), "--set", "links[radio].loss=5%", "--seeds", "1..4",
                "--metric", "events", "--metric", "drops", "--out", a.toString(), "--threads", "1").code()).isZero();
        assertThat(CliTest.exec("sweep", f.toString(), "--set", "links[radio].loss=5%", "--seeds", "1..4",
                "--metric", "events", "--metric", "drops", "--out", b.toString(), "--threads", "4").code()).isZero();
        assertThat(CliTest.exec("sweep", g.toString(), "--seeds", "1..4", "--metric", "events", "--metric", "drops",
                "--out", c.toString()).code()).isZero();
        assertThat(Files.readString(b)).isEqualTo(Files.readString(a));
        List<String> set = Files.readAllLines(a);
        List<String> edited = Files.readAllLines(c);
        for (int i = 1; i <= 4; i++) {
            // run,loss,seed,events,drops  against  run,seed,events,drops
            assertThat(set.get(i).replaceFirst("^(\\d+),5%,", "$1,")).isEqualTo(edited.get(i));
        }
        // and the seed is the run's: seed 3 of the sweep is `run --seed 3`
        Outcome run = CliTest.exec("run", "--seed", "3", "--stats", g.toString());
        String events = edited.get(3).split(",")[2];
        assertThat(run.out()).contains("--- stats: " + events + " events");
    }

    @Test
    void a_missing_field_is_added_and_a_bad_value_is_reported_where_it_lands() throws Exception {
        Path f = scenario("lossy.yaml", LOSSY);
        Outcome added = CliTest.exec("sweep", f.toString(), "--set", "links[radio].mtu=576,1500", "--metric", "events",
                "--out", dir.resolve("m.csv").toString());
        assertThat(added.err()).isEmpty();
        assertThat(Files.readAllLines(dir.resolve("m.csv"))).hasSize(3);

        Outcome bad = CliTest.exec("sweep", f.toString(), "--set", "links[radio].delay=5ms,soon", "--out",
                dir.resolve("x.csv").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err().strip()).startsWith(f + ":7:").contains("links[0].delay").doesNotContain("\n");

        Outcome none = CliTest.exec("sweep", f.toString(), "--set", "links[wifi].delay=5ms", "--out",
                dir.resolve("y.csv").toString());
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--set links[wifi].delay").contains("the scenario has no links[wifi] (1 entries, "
                + "none named wifi)");
        assertThat(Files.exists(dir.resolve("x.csv"))).isFalse();
    }

    @Test
    void bad_options_are_one_line_usage_errors() throws Exception {
        Path f = scenario("lossy.yaml", LOSSY);
        for (List<String> args : List.of(List.of("--set", "nopath"), List.of("--set", "links[0].delay="),
                List.of("--set", "Links..x=1"), List.of("--seeds", "5..1"), List.of("--seeds", "a..b"),
                List.of("--metric", "nosuch"), List.of("--metric", "x=("), List.of("--threads", "0"))) {
            List<String> all = new ArrayList<>(List.of("sweep", f.toString()));
            all.addAll(args);
            Outcome o = CliTest.exec(all.toArray(new String[0]));
            assertThat(o.code()).as(args.toString()).isEqualTo(2);
            assertThat(o.err()).as(args.toString()).startsWith("minternet: ").hasLineCount(1);
            // the option's own words, not the parser's "Could not invoke ...(java.lang.String)" around them
            assertThat(JavaLeaks.in(o.err())).as(o.err()).isFalse();
            assertThat(o.err()).as(args.toString()).doesNotContain("Could not invoke");
        }
    }
}
