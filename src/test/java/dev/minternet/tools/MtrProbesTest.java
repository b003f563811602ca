package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.cli.CliTest;
import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * mtr 0.95's -T (TCP SYN, port 80 or -P) and -u (UDP) probes: the report, wide report and JSON as
 * the real mtr prints them on loopback (src/test/resources/reference/mtr-0.95, the numbers and the
 * host name aside), its refusals, and the probes' bytes as tshark decodes them beside the real
 * capture's (mtr-probes-tshark.txt): sequences from 33000 in the TCP source port and the UDP
 * destination port, TTL 1, 2, ..., DF on the SYN and not on UDP, 64-byte UDP probes; the last hop
 * the destination's RST or SYN-ACK, or its port unreachable.
 */
class MtrProbesTest {
    static String real(String file) throws IOException {
        try (InputStream in = MtrProbesTest.class.getResourceAsStream("/reference/mtr-0.95/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The numbers (times, the date) masked and the host named as here: the layouts are compared. */
    static String shape(String s) {
        return s.replace("\"src\": \"vm\"", "\"src\": \"laptop\"").replace("HOST: vm    ", "HOST: laptop").replaceAll("[0-9]+", "N");
    }

    static String shell(String commands) {
        return CliTest.execWithInput(commands, "shell").out().lines().filter(l -> !l.startsWith("laptop$ "))
                .map(l -> l + "\n").collect(Collectors.joining());
    }

    @Test
    void reports_and_json_print_as_the_real_mtr_on_loopback() throws Exception {
        String[][] cases = {
            {"mtr -r -c 2 -T 127.0.0.1", "mtr-report-T-c2.txt"},
            {"mtr -r -c 2 -T -P 443 127.0.0.1", "mtr-report-T-P443-c2.txt"},
            {"mtr -r -c 2 -u 127.0.0.1", "mtr-report-u-c2.txt"},
            {"mtr --report-wide -c 2 -T 127.0.0.1", "mtr-report-wide-T-c2.txt"},
            {"mtr --json -c 2 -T 127.0.0.1", "mtr-json-T-c2.txt"},
            {"mtr --json -c 2 -u 127.0.0.1", "mtr-json-u-c2.txt"},
        };
        for (String[] c : cases) {
            String real = real(c[1]);
            // the wide layout pads to the longest name: "laptop" is two longer than "vm"
            String ours = shell(c[0] + "\n").replace("HOST: laptop  Loss%", "HOST: laptop Loss%").replace("localhost    0.0%", "localhost  0.0%");
            assertThat(shape(ours)).as(c[0]).isEqualTo(shape(real).replace("HOST: laptop Loss%", "HOST: laptop Loss%"));
        }
        assertThat(shell("mtr -r -T -u x\necho rc=$?\nmtr -r -T -P 0 x\necho rc=$?\nmtr -r -T -P 70000 x\necho rc=$?\n"))
                .isEqualTo(real("mtr-probe-refusals.txt"));
    }

    @Test
    void tcp_and_udp_probes_carry_the_sequence_where_mtr_puts_it(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("chain.yaml", Runs.chain(2, "bandwidth: 100Mbps, delay: 3ms", "duration: 60s\n",
                "  - {at: 1s, on: a, run: \"mtr -r -n -c 1 -T b\"}\n"
                + "  - {at: 5s, on: a, run: \"mtr -r -n -c 1 -u b\"}\n"
                + "  - {at: 9s, on: a, run: \"mtr -r -n -c 1 -u -P 53 b\"}\n")), dir, true);
        List<String> t = r.terminal("a");
        // each run: three hops, the last b (10.0.2.2): its RST, then its port unreachables
        assertThat(t).filteredOn(l -> l.startsWith("  3.|-- 10.0.2.2 ")).hasSize(3);
        assertThat(t).filteredOn(l -> l.startsWith("  4.")).isEmpty();
        Oracles.tshark();
        Path pcap = dir.resolve("a-eth0.pcap");
        Tshark.assertClean(pcap);
        List<String> syn = Tshark.fields(pcap, "tcp", "ip.ttl", "ip.len", "ip.flags.df", "tcp.srcport", "tcp.dstport", "tcp.flags.str")
                .stream().map(m -> String.join(" ", m.values())).toList();
        // the first cycle probes every TTL (the destination's distance is not known yet), sequences
        // from 33000 up; TTL 1 and 2 die at r1 and r2 (time exceeded quoting the SYN), TTL 3 on reach
        // b, whose TCP resets them (no listener on port 80)
        assertThat(syn).startsWith("1 60 1 33000 80 ··········S·", "2 60 1 33001 80 ··········S·", "3 60 1 33002 80 ··········S·")
                .contains("64,1 88,60 0,1 33000 80 ··········S·", "63,1 88,60 0,1 33001 80 ··········S·", "62 40 1 80 33002 ·······A·R··");
        List<String> udp = Tshark.fields(pcap, "udp", "ip.ttl", "ip.len", "ip.flags.df", "udp.srcport", "udp.dstport", "udp.length",
                "icmp.type", "icmp.code").stream().map(m -> String.join(" ", m.values())).toList();
        // without -P: the sequence in the destination port (each run starts at 33000),
        // 64 bytes, no DF; with -P 53: port 53, the sequence in the source port
        assertThat(udp).filteredOn(l -> l.startsWith("1 64 0 ")).hasSize(2);
        assertThat(udp.get(0)).matches("1 64 0 [0-9]+ 33000 44  ");
        assertThat(udp).anyMatch(l -> l.matches("3 64 0 [0-9]+ 33002 44  "))
                .anyMatch(l -> l.matches("64,1 92,64 0,0 [0-9]+ 33000 44 11 0"))
                .anyMatch(l -> l.matches("62,1 92,64 0,0 [0-9]+ 33002 44 3 3"))
                .anyMatch(l -> l.matches("1 64 0 33000 53 44  "));
        // the real capture's probes decode alike (its TTL 64 answers come over lo)
        String realProbes = real("mtr-probes-tshark.txt");
        assertThat(realProbes).contains("1 60 1 6 33000 80 ··········S·", "64 40 1 6 80 33000 ·······A·R··")
                .containsPattern("1 64 0 17 +[0-9]+ 33000 44").containsPattern("64,1 92,64 0,0 1,17 +[0-9]+ 33000 44 3 3");
    }

    @Test
    void a_listening_port_answers_with_a_syn_ack_and_ends_the_report() {
        String out = shell("mtr -r -n -c 1 -T -P 443 -4 www.example.com\nmtr -r -c 1 -T www.example.com\necho rc=$?\n"
                + "mtr -r -n -c 1 -T -4 www.example.com:443\nmtr -r -c 1 -T -4 www.example.com:0\necho rc=$?\n");
        // host:port as mtr's split_target_port reads it, the same run as -P 443
        List<String> all = out.lines().filter(l -> l.contains(".|-- ")).toList();
        assertThat(all.get(all.size() - 1)).startsWith("  9.|-- 93.184.216.34 ").contains("0.0%");
        assertThat(out).endsWith("mtr: Illegal port number: 0\nrc=1\n");
        out = out.substring(0, out.indexOf("Start:", out.indexOf("Start:") + 1));
        List<String> rows = out.lines().filter(l -> l.contains(".|-- ")).toList();
        assertThat(rows.get(rows.size() - 1)).contains("0.0%");
        assertThat(out).contains("mtr: -T over IPv6 is not simulated (ICMPv6 echo probes are; -4 asks for IPv4)\nrc=1\n");
    }
}
