package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.scenario.ScenarioLoader;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.wire.IcmpRepr;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 1812 4.3.2.3: an ICMP error carries as much of the offending datagram as fits in 576 bytes,
 * as Linux's icmp_send sizes it (a real traceroute's 60-byte probe comes back whole in an 88-byte
 * time exceeded; a 1428-byte ping comes back as the first 548 bytes in a 576-byte frag needed).
 */
class IcmpQuoteTest {
    /** a - r1 over a 64 kbit/s, 10 ms link; r1 - b over 1 Gbit/s with no delay; r1 - b's MTU 576. */
    static final String SLOW = """
            name: slow
            routing: global
            nodes: [{name: a, kind: host}, {name: r1, kind: router}, {name: b, kind: host}]
            links:
              - {name: l0, a: a 10.0.0.1/24, b: r1 10.0.0.2/24, bandwidth: 64kbps, delay: 10ms}
              - {name: l1, a: r1 10.0.1.1/24, b: b 10.0.1.2/24, bandwidth: 1Gbps, mtu: 576}
            timeline:
              - {at: 1s, on: a, run: "traceroute -n -q 1 -N 1 b"}
              - {at: 3s, on: a, run: "ping -n -c 1 -M do -s 1400 b"}
            """;

    @Test
    void traceroute_times_over_a_slow_link_count_the_whole_probe_quoted_back(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("slow.yaml", SLOW), dir, true);
        // Computed by hand from the link parameters: a 60-byte probe out and an 88-byte error back
        // (20 IP + 8 ICMP + the 60-byte probe) at 64 kbit/s, 10 ms each way.
        long probeOut = Durations.serialization(60, 64_000) + 10 * Durations.MS;   // 7.5 ms + 10 ms
        long errorBack = Durations.serialization(88, 64_000) + 10 * Durations.MS;  // 11 ms + 10 ms
        assertThat(probeOut + errorBack).isEqualTo(38_500_000L);
        long fast = Durations.serialization(60, 1_000_000_000L) + Durations.serialization(88, 1_000_000_000L);
        assertThat(r.terminal("a")).startsWith(
                "traceroute to b (10.0.1.2), 30 hops max, 60 byte packets",
                " 1  10.0.0.2  38.500 ms",
                " 2  10.0.1.2  " + String.format("%.3f", (probeOut + errorBack + fast) / 1e6) + " ms");
        assertThat(r.events(IcmpEvents.SEND_ERROR)).first()
                .satisfies(e -> assertThat(e.num(IcmpEvents.ICMP_TYPE)).isEqualTo(11L));

        Oracles.tshark();
        Path pcap = dir.resolve("a-eth0.pcap");
        Tshark.assertClean(pcap); // the quoted UDP checksum verifies: the whole probe is there
        List<Map<String, String>> errors = Tshark.fields(pcap, "icmp.type == 11 || icmp.type == 3",
                "ip.len", "icmp.type", "udp.length", "udp.dstport");
        assertThat(errors.get(0)).containsEntry("ip.len", "88,60").containsEntry("icmp.type", "11")
                .containsEntry("udp.length", "40").containsEntry("udp.dstport", "33434");
        assertThat(errors.get(1)).containsEntry("ip.len", "88,60").containsEntry("icmp.type", "3");
    }

    @Test
    void frag_needed_quotes_548_bytes_of_a_large_datagram_to_stay_within_576(@TempDir Path dir) throws Exception {
        Runs.Result r = Runs.run(ScenarioLoader.parse("slow.yaml", SLOW), dir, true);
        assertThat(r.terminal("a")).contains("From 10.0.0.2 icmp_seq=1 Frag needed and DF set (mtu = 576)");
        Oracles.tshark();
        Path pcap = dir.resolve("a-eth0.pcap");
        Tshark.assertClean(pcap);
        List<Map<String, String>> frag = Tshark.fields(pcap, "icmp.type == 3 && icmp.code == 4",
                "ip.len", "icmp.mtu", "ip.src", "frame.len");
        assertThat(frag).singleElement().satisfies(f -> assertThat(f)
                .containsEntry("ip.len", "576,1428").containsEntry("icmp.mtu", "576")
                .containsEntry("frame.len", "576"));
    }

    @Test
    void the_quote_never_exceeds_the_offending_datagram_nor_falls_below_header_plus_8() {
        byte[] small = new byte[40];
        small[0] = 0x45;
        assertThat(IcmpRepr.quote(small, 548)).hasSize(40);
        byte[] big = new byte[1428];
        big[0] = 0x45;
        assertThat(IcmpRepr.quote(big, 548)).hasSize(548);
        assertThat(IcmpRepr.quote(big, 10)).hasSize(28);
    }
}
