package dev.minternet.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * traceroute's probe methods over IPv6, as traceroute 2.1.2 sends them on Linux (checked with
 * tcpdump on ::1: every method's packets are 80 bytes): -I ICMPv6 echo requests (id, seq from 1,
 * 32 bytes of data), -T TCP SYNs to port 80 with a Linux SYN's options (the target's reset ends
 * the trace), -U UDP to port 53 from a socket a probe. tshark reads every probe and answer.
 */
class Traceroute6MethodsTest {
    @TempDir
    Path dir;

    private Runs.Result run(String command) {
        return Runs.runIn(dir, """
                name: traceroute6-methods
                seed: 1
                nodes:
                  - {name: h1, kind: host, routes: ["default via 2001:db8:1::1"]}
                  - {name: r1, kind: router}
                  - {name: h2, kind: host, routes: ["default via 2001:db8:2::1"]}
                links:
                  - {a: h1 2001:db8:1::10/64, b: r1 2001:db8:1::1/64, delay: 1ms}
                  - {a: r1 2001:db8:2::1/64, b: h2 2001:db8:2::20/64, delay: 1ms}
                timeline:
                  - {at: 500ms, on: h1, run: "tcpdump -i eth0 -w probes.pcap"}
                  - {at: 1s, on: h1, run: "%s"}
                  - {at: 3s, on: h1, run: "curl -s -o /dev/null -w %%{http_code} http://[2001:db8:2::20]/"}
                duration: 5s
                """.formatted(command));
    }

    /** What traceroute printed on h1. */
    private static List<String> traceroute(Runs.Result r) {
        return r.terminal("h1").stream().filter(l -> l.startsWith("traceroute to ") || l.matches(" ?\\d+  .*")).toList();
    }

    private List<String> tshark(String... fields) throws IOException, InterruptedException {
        return TracerouteMethodsTest.tshark(dir.resolve("probes.pcap"), fields);
    }

    private static void reachesH2(List<String> t) {
        assertThat(t.get(0)).isEqualTo("traceroute to 2001:db8:2::20 (2001:db8:2::20), 30 hops max, 80 byte packets");
        assertThat(t.get(1)).matches(" 1  2001:db8:1::1  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms");
        assertThat(t.get(2)).matches(" 2  2001:db8:2::20  [0-9.]+ ms  [0-9.]+ ms  [0-9.]+ ms");
        assertThat(t).hasSize(3);
    }

    @Test
    void tcp_syn_probes_cross_the_router_and_the_targets_reset_ends_the_trace() throws Exception {
        Oracles.tshark();
        Runs.Result r = run("traceroute -6 -T -n 2001:db8:2::20");
        reachesH2(traceroute(r));
        List<String> syns = new ArrayList<>();
        List<String> resets = new ArrayList<>();
        for (String l : tshark("ipv6.src", "ipv6.hlim", "ipv6.plen", "tcp.srcport", "tcp.dstport", "tcp.flags.str",
                "tcp.window_size_value", "tcp.options.mss_val", "tcp.option_kind", "tcp.options.wscale.shift", "tcp.checksum.status",
                "_ws.malformed")) {
            String[] f = l.split("\t", -1);
            assertThat(f[11]).as("malformed: %s", l).isEmpty();
            if (f[0].equals("2001:db8:1::10") && f[5].contains("S") && f[4].equals("80") && !f[1].equals("64")) { // not curl's
                syns.add(l);
                assertThat(f[2]).as(l).isEqualTo("40"); // 80-byte packets: the headers alone
                assertThat(f[6]).as(l).isEqualTo("5760"); // 4 x 1440, as htons(4 * mss)
                assertThat(f[7]).as(l).isEqualTo("1440");
                assertThat(f[8]).as(l).isEqualTo("2,4,8,1,3"); // mss, sackOK, TS, nop, wscale
                assertThat(f[9]).as(l).isEqualTo("2");
            } else if (f[0].equals("2001:db8:2::20") && f[5].contains("R")) {
                resets.add(f[4]);
            }
        }
        assertThat(syns.stream().map(l -> l.split("\t")[1]).limit(6).toList()).containsExactly("1", "1", "1", "2", "2", "2");
        assertThat(syns.stream().map(l -> l.split("\t")[3]).distinct()).hasSize(syns.size());
        // h2 resets each SYN that reaches it (hop limit 2 and more): nothing listens on 80
        List<String> reaching = syns.stream().filter(l -> !l.split("\t")[1].equals("1")).map(l -> l.split("\t")[3]).toList();
        assertThat(resets).containsAll(reaching);
        // the node's TCP works after the run (the tap is gone): curl's connection is refused by h2, code 000
        assertThat(r.terminal("h1")).contains("000");
    }

    @Test
    void icmp_echo_probes_get_echo_replies_from_the_target() throws Exception {
        Oracles.tshark();
        Runs.Result r = run("traceroute -6 -I -n 2001:db8:2::20");
        reachesH2(traceroute(r));
        List<String> requests = tshark("ipv6.src", "ipv6.plen", "icmpv6.type", "icmpv6.echo.sequence_number", "_ws.malformed").stream()
                .filter(l -> l.contains("\t128\t")).toList();
        assertThat(requests).isNotEmpty().allSatisfy(l -> assertThat(l.split("\t", -1)).satisfies(f -> {
            assertThat(f[1]).isEqualTo("40");
            assertThat(f[4]).isEmpty();
        }));
        assertThat(requests.stream().map(l -> l.split("\t")[3]).limit(6).toList()).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(tshark("ipv6.src", "icmpv6.type")).contains("2001:db8:2::20\t129");
    }

    @Test
    void udp_probes_to_one_port_take_a_socket_each() throws Exception {
        Oracles.tshark();
        Runs.Result r = run("traceroute -6 -U -n 2001:db8:2::20");
        reachesH2(traceroute(r));
        // the 32 bytes of every probe are traceroute's 0x40, 0x41...: to port 53 tshark (and tcpdump) read them as a
        // malformed DNS message, as the real traceroute's
        List<String> probes = tshark("ipv6.src", "ipv6.plen", "udp.srcport", "udp.dstport", "udp.payload").stream()
                .filter(l -> l.startsWith("2001:db8:1::10\t") && !l.split("\t", -1)[3].isEmpty()).toList();
        assertThat(probes).isNotEmpty().allSatisfy(l -> {
            String[] f = l.split("\t", -1);
            assertThat(f[1]).isEqualTo("40");
            assertThat(f[3]).isEqualTo("53");
            assertThat(f[4]).startsWith("404142434445");
        });
        assertThat(probes.stream().map(l -> l.split("\t")[2]).distinct()).hasSize(probes.size());
    }
}
