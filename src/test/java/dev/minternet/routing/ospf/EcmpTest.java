package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.minternet.ip.IpEvents;
import dev.minternet.ip.Multipath;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ipv4Repr;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Equal-cost multipath: the 5-tuple hash spreads flows evenly and keeps each on one path; spraying
 * sends a TCP transfer's segments down both paths of different delays, so they arrive out of
 * order (tshark says so), and the transfer still arrives byte for byte.
 */
class EcmpTest {
    /** A datagram of {@code proto} from src:sport to dst:dport. */
    static byte[] datagram(int src, int dst, int proto, int sport, int dport) {
        byte[] d = new byte[40];
        new Ipv4Repr(src, dst, proto, 64, 0, 1, true, false, 0, 20, null).emit(d, 0);
        BigEndian.put16(d, 20, sport);
        BigEndian.put16(d, 22, dport);
        return d;
    }

    @Test
    void the_flow_hash_spreads_flows_in_equal_shares_over_two_three_and_four_paths() {
        SplittableRandom r = new SplittableRandom(5);
        Multipath m = Multipath.perFlow(r.nextLong());
        for (int n = 2; n <= 4; n++) {
            int[] count = new int[n];
            int flows = 20_000;
            for (int i = 0; i < flows; i++) {
                count[m.choose(datagram(0x0a000001 + r.nextInt(200), 0x0a010001 + r.nextInt(200), 6,
                        32768 + r.nextInt(28232), 443), n)]++;
            }
            for (int c : count) {
                assertThat(c / (double) flows).isCloseTo(1.0 / n, within(0.015));
            }
        }
    }

    @Test
    void the_flow_hash_keeps_a_flow_on_one_path_and_depends_on_every_field_of_the_5_tuple() {
        Multipath m = Multipath.perFlow(42);
        byte[] d = datagram(0x0a000001, 0x0a000002, 6, 40000, 80);
        int first = m.choose(d, 16);
        for (int i = 0; i < 100; i++) {
            assertThat(m.choose(datagram(0x0a000001, 0x0a000002, 6, 40000, 80), 16)).isEqualTo(first);
        }
        // over 16 paths, changing any one field moves some of 64 variants elsewhere
        assertThat(moves(m, first, i -> datagram(0x0a000001 + i, 0x0a000002, 6, 40000, 80))).isTrue();
        assertThat(moves(m, first, i -> datagram(0x0a000001, 0x0a000002 + i, 6, 40000, 80))).isTrue();
        assertThat(moves(m, first, i -> datagram(0x0a000001, 0x0a000002, 6, 40000 + i, 80))).isTrue();
        assertThat(moves(m, first, i -> datagram(0x0a000001, 0x0a000002, 6, 40000, 80 + i))).isTrue();
        assertThat(moves(m, first, i -> datagram(0x0a000001, 0x0a000002, 17 + i, 40000, 80))).isTrue();
        // another key (another seed) places the same flow independently
        int moved = 0;
        for (long k = 0; k < 64; k++) {
            if (Multipath.perFlow(k).choose(d, 16) != first) {
                moved++;
            }
        }
        assertThat(moved).isGreaterThan(40);
    }

    private static boolean moves(Multipath m, int first, java.util.function.IntFunction<byte[]> variant) {
        for (int i = 1; i <= 64; i++) {
            if (m.choose(variant.apply(i), 16) != first) {
                return true;
            }
        }
        return false;
    }

    /** h1 - r1 = {r2 (2 ms links), r3 (7 ms links)} = r4 - h2, equal OSPF costs; nc sends 3 MB from h1 to h2. */
    static String square(String ecmp) {
        return """
                name: ecmp
                seed: 4
                duration: 60s
                nodes:
                  - {name: h1, kind: host, routes: ["default via 10.0.1.1"]}
                  - {name: r1, kind: router, ECMP ospf: {interfaces: [{name: eth0, passive: true}, eth1, eth2]}}
                  - {name: r2, kind: router, ospf: {}}
                  - {name: r3, kind: router, ospf: {}}
                  - {name: r4, kind: router, ECMP ospf: {interfaces: [eth0, eth1, {name: eth2, passive: true}]}}
                  - {name: h2, kind: host, routes: ["default via 10.0.2.1"]}
                links:
                  - {a: h1 10.0.1.10/24, b: r1 10.0.1.1/24}
                  - {a: r1 10.0.12.1/24, b: r2 10.0.12.2/24, delay: 2ms}
                  - {a: r1 10.0.13.1/24, b: r3 10.0.13.3/24, delay: 7ms}
                  - {a: r2 10.0.24.2/24, b: r4 10.0.24.4/24, delay: 2ms}
                  - {a: r3 10.0.34.3/24, b: r4 10.0.34.4/24, delay: 7ms}
                  - {a: r4 10.0.2.1/24, b: h2 10.0.2.10/24}
                timeline:
                  - {at: 40s, on: h2, run: "nc -l -v -d 5001"}
                  - {at: 41s, on: h1, run: "nc -v -b 3MB 10.0.2.10 5001"}
                """.replace("ECMP ", ecmp.isEmpty() ? "" : "ecmp: " + ecmp + ", ");
    }

    private static String sha(List<String> out, String verb) {
        return out.stream().filter(l -> l.startsWith(verb + " 3000000 bytes")).findFirst().orElseThrow()
                .replaceAll(".*sha256 ", "");
    }

    private static long forwardedOut(Runs.Result r, String iface) {
        return r.events(e -> e.is(IpEvents.FORWARD) && e.node().equals("r1") && e.get(IpEvents.PROTO).equals("tcp")
                && e.get(IpEvents.OUT).equals(iface)).size();
    }

    @Test
    void spraying_reorders_a_tcp_transfer_that_still_arrives_byte_identical(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(dev.minternet.scenario.ScenarioLoader.parse("ecmp.yaml", square("per-packet")), dir, true);
        assertThat(sha(r.terminal("h2"), "received")).isEqualTo(sha(r.terminal("h1"), "sent"));
        long a = forwardedOut(r, "eth1");
        long b = forwardedOut(r, "eth2");
        assertThat(a).isGreaterThan(500);
        assertThat(a / (double) (a + b)).isCloseTo(0.5, within(0.05));
        Oracles.tshark();
        Path h2 = dir.resolve("h2-eth0.pcap");
        Tshark.assertClean(h2);
        assertThat(inversions(h2)).isGreaterThan(200);
        assertThat(Tshark.count(h2, "tcp.analysis.out_of_order && ip.src == 10.0.1.10")).isGreaterThan(300);
    }

    /**
     * Datagrams from h1 that reached h2 after one h1 sent later: h1 numbers its datagrams (IP ID
     * + 1 each), so an arrival whose ID is below the highest seen was overtaken on the way.
     */
    static int inversions(Path pcap) {
        int count = 0;
        long highest = Long.MIN_VALUE;
        long base = -1;
        long last = 0;
        for (java.util.Map<String, String> row : Tshark.fields(pcap, "ip.src == 10.0.1.10", "ip.id")) {
            int id = Integer.decode(row.get("ip.id"));
            if (base < 0) {
                base = id;
                last = id;
            }
            // unwrap the 16-bit counter around the previous arrival
            long v = last + (short) (id - (int) (last & 0xffff));
            last = v;
            if (v < highest) {
                count++;
            }
            highest = Math.max(highest, v);
        }
        return count;
    }

    @Test
    void per_flow_hashing_keeps_the_transfer_on_one_path_in_order(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(dev.minternet.scenario.ScenarioLoader.parse("ecmp.yaml", square("")), dir, true);
        assertThat(sha(r.terminal("h2"), "received")).isEqualTo(sha(r.terminal("h1"), "sent"));
        long a = forwardedOut(r, "eth1");
        long b = forwardedOut(r, "eth2");
        assertThat(Math.min(a, b)).isZero();
        assertThat(Math.max(a, b)).isGreaterThan(500);
        Oracles.tshark();
        assertThat(inversions(dir.resolve("h2-eth0.pcap"))).isZero();
    }

}
