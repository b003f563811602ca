package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.util.List;
import org.junit.jupiter.api.Test;

/** mtr --report on a line a - r1 - r2 - b with 3 ms links: one row per hop, round trips from the simulated probes. */
class MtrTest {
    static String scenario(String extra, String command) {
        return Runs.chain(2, "bandwidth: 100Mbps, delay: 3ms", "duration: 60s\n" + extra,
                "  - {at: 1s, on: a, run: \"" + command + "\"}\n");
    }

    static Runs.Result run(String extra, String command) {
        return Runs.run(scenario(extra, command));
    }

    @Test
    void report_hasMtrsLayout_andRoundTripsGrowByHop() {
        Runs.Result r = run("", "mtr --report -c 3 -n b");
        List<String> t = r.terminal("a");
        assertThat(t).hasSize(5);
        assertThat(t.get(0)).matches("Start: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+0000");
        assertThat(t.get(1)).isEqualTo("HOST: a                           Loss%   Snt   Last   Avg  Best  Wrst StDev");
        assertThat(t.get(1).indexOf("Loss%")).isEqualTo(34);
        for (int hop = 1; hop <= 3; hop++) {
            String row = t.get(hop + 1);
            assertThat(row).hasSize(76).startsWith("  " + hop + ".|-- 10.0.").contains("  0.0%     3");
            assertThat(row.indexOf('%')).isEqualTo(38);
            // each hop is one more link each way: 6 ms of propagation more than the last, plus serialisation
            double avg = Double.parseDouble(row.substring(52, 58).trim());
            assertThat(avg).isBetween(6.0 * hop, 6.0 * hop + 1.0);
        }
        assertThat(t.get(4)).contains(Ip4.str(r.world().node("b").ip().primaryAddress()));
    }

    @Test
    void row_hasMtr095sColumns() {
        Mtr.Hop h = new Mtr.Hop();
        h.sent = 3;
        h.rtts.addAll(List.of(59_000L, 135_000L, 75_000L));
        h.last = 75_000L;
        // mtr 0.95 --report -c 3 localhost, as measured on a real machine: avg 0.089, sd 0.039 (sample)
        assertThat(Mtr.row(1, "localhost", h))
                .isEqualTo("  1.|-- localhost                  0.0%     3    0.1   0.1   0.1   0.1   0.0");
        h.sent = 4;
        h.rtts.add(4_250_000L);
        h.last = 4_250_000L;
        assertThat(Mtr.row(12, "???", h)).isEqualTo(" 12.|-- ???                        0.0%     4    4.2   1.1   0.1   4.2   2.1");
    }

    @Test
    void sameRun_sameReport_andOptionsAreChecked() {
        assertThat(run("", "mtr -r -c 2 b").terminal("a")).isEqualTo(run("", "mtr -r -c 2 b").terminal("a"));
        assertThat(run("", "mtr b").terminal("a")).containsExactly("mtr: only --report is simulated (no curses display)");
        assertThat(run("", "mtr -r -c 0 b").terminal("a")).containsExactly("mtr: invalid argument: '0'");
    }

    @Test
    void a_hop_that_answers_with_an_unreachable_is_the_last_row_as_in_mtr_095() {
        // nothing routes 10.99.0.1: r1 answers every probe with a network unreachable
        List<String> t = run("", "mtr --report -c 2 -n 10.99.0.1").terminal("a");
        assertThat(t).hasSize(3);
        assertThat(t.get(2)).startsWith("  1.|-- 10.0.0.2 ").contains("  0.0%     2");
    }

    @Test
    void past_the_last_hop_that_answers_one_row_of_question_marks() {
        // b drops everything: r1 and r2 answer, hop 3 is silent, and mtr shows it once
        String quiet = scenario("", "mtr --report -c 2 -n b")
                .replace("  - {name: b, kind: host}\n", "  - {name: b, kind: host, firewall: {policy: {in: deny}}}\n");
        assertThat(quiet).contains("firewall");
        List<String> t = Runs.run(quiet).terminal("a");
        assertThat(t).hasSize(5);
        assertThat(t.get(3)).startsWith("  2.|-- 10.0.1.2 ");
        assertThat(t.get(4)).startsWith("  3.|-- ???").contains("100.0%     2");
    }

    @Test
    void json_is_the_reference_runs_to_the_byte() throws Exception {
        // the same three round trips as row_hasMtr095sColumns (59, 135 and 75 us): mtr keeps whole
        // microseconds, an int average truncated at each answer and a long long sum of squares,
        // and jansson prints each over 1000 with 5 significant digits
        Mtr.Hop h = new Mtr.Hop();
        h.sent = 3;
        h.rtts.addAll(List.of(59_000L, 135_000L, 75_000L));
        h.last = 75_000L;
        String real = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/reference/mtr-0.95/05-mtr-report-json-c3.txt"));
        assertThat(MtrJson.json("vm", "127.0.0.1", 3, 64, new Mtr.Hop[] {null, h}, new String[] {null, "localhost"}, 1, 1))
                .isEqualTo(real);
        assertThat(MtrJson.real(33333)).isEqualTo("33.333");
        assertThat(MtrJson.real(0)).isEqualTo("0.0");
        assertThat(MtrJson.real(123456)).isEqualTo("123.46");
        assertThat(MtrJson.real(4000)).isEqualTo("4.0");
    }

    @Test
    void report_wide_sizes_the_name_column_to_the_longest_name_as_mtr_095() throws Exception {
        Mtr.Hop h = new Mtr.Hop();
        h.sent = 3;
        h.rtts.addAll(List.of(59_000L, 135_000L, 75_000L));
        h.last = 75_000L;
        List<String> real = java.nio.file.Files.readAllLines(
                java.nio.file.Path.of("src/test/resources/reference/mtr-0.95/02-mtr-report-wide-c3.txt"));
        List<String> t = run("", "mtr --report-wide -c 3 -n b").terminal("a");
        // report.c: "HOST: %-Ns" with N the longest name (here the addresses' 8), then " Loss%" and the rest,
        // as the reference's "HOST: vm" padded to localhost's 9
        assertThat(real.get(1)).isEqualTo("HOST: " + String.format("%-9s", "vm") + " Loss%   Snt   Last   Avg  Best  Wrst StDev");
        assertThat(t.get(1)).isEqualTo("HOST: " + String.format("%-8s", "a") + " Loss%   Snt   Last   Avg  Best  Wrst StDev");
        assertThat(t.get(2)).startsWith("  1.|-- 10.0.0.2  0.0%     3");
        assertThat(t.get(4)).startsWith("  3.|-- 10.0.2.2  0.0%     3"); // b
        assertThat(run("", "mtr --version").terminal("a")).containsExactly("mtr 0.95");
        List<String> json = run("", "mtr --json -c 2 -n b").terminal("a");
        assertThat(json.get(0)).isEqualTo("{");
        assertThat(String.join("\n", json)).contains("\"dst\": \"b\",\n            \"tos\": 0,\n            \"tests\": 2,")
                .contains("\"count\": 3,\n                \"host\": \"10.0.2.2\",\n                \"Loss%\": 0.0,");
    }

    @Test
    void first_and_max_ttl_bound_the_rows_and_psize_the_probes() {
        List<String> t = run("", "mtr -r -n -c 2 -f 2 -m 2 b").terminal("a");
        assertThat(t).hasSize(3);
        assertThat(t.get(2)).startsWith("  2.|-- 10.0.");
        // the IP packet is psize bytes long (mtr-packet's size), the JSON says so
        Runs.Result r = run("", "mtr --json -n -c 1 -s 100 b");
        assertThat(r.terminal("a")).contains("            \"psize\": \"100\",");
        assertThat(r.events(e -> e.is(dev.minternet.ip.IpEvents.SEND) && e.node().equals("a")
                && "icmp".equals(e.get(dev.minternet.ip.IpEvents.PROTO)))).isNotEmpty()
                .allMatch(e -> e.num(dev.minternet.ip.IpEvents.LEN) == 100);
        // -f past the path's length: the probes of TTL 9 reach b, the one row (as the real mtr shows it)
        List<String> far = run("", "mtr -r -n -c 1 -f 9 b").terminal("a");
        assertThat(far).hasSize(3);
        assertThat(far.get(2)).startsWith("  9.|-- 10.0.");
    }

    @Test
    void new_options_are_checked_in_mtrs_words() {
        assertThat(run("", "mtr -r -i 0.5 b").terminal("a")).containsExactly("mtr: non-root users cannot request an interval < 1.0 seconds");
        assertThat(run("", "mtr -r -i 0 b").terminal("a")).containsExactly("mtr: wait time must be positive");
        assertThat(run("", "mtr -r -m x b").terminal("a")).containsExactly("mtr: invalid argument: 'x'");
        // getopt's complaint, then the usage (MtrOptionsTest compares it with the real one)
        assertThat(run("", "mtr -r --psize").terminal("a")).startsWith("mtr: option '--psize' requires an argument", "", "Usage:");
        assertThat(run("", "mtr -r -f").terminal("a")).startsWith("mtr: option requires an argument -- 'f'", "", "Usage:");
        // -i stretches the rounds: the wait after each of the two rounds is 2 s instead of 1
        Runs.Result slow = run("", "mtr -r -n -c 2 -i 2 b");
        Runs.Result fast = run("", "mtr -r -n -c 2 b");
        long endSlow = slow.events(dev.minternet.tools.ToolEvents.EXIT).get(0).time();
        long endFast = fast.events(dev.minternet.tools.ToolEvents.EXIT).get(0).time();
        assertThat(endSlow - endFast).as("%d - %d", endSlow, endFast).isEqualTo(2 * dev.minternet.sim.Durations.S);
    }
}
