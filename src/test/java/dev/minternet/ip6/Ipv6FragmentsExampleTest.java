package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ipv6-fragments.yaml end to end: {@code ping -6 -s 3000} over a 1500-byte path (both
 * directions fragmented, printed as iputils does), {@code -M do} refused as iputils prints it,
 * Packet Too Big from the router before a 1280-byte link then fragments of 1280 bytes, tcpdump's
 * fragment lines; tshark decodes every capture with the reassembled datagrams and nothing
 * malformed, its Fragment header fields equal the trace's; two runs give the same bytes.
 */
class Ipv6FragmentsExampleTest {
    static final Path EXAMPLE = Path.of("examples/ipv6-fragments.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void ping_6_s_3000_gets_its_replies_in_fragments_both_ways() {
        assertThat(run.block("h1", "ping -6 -c 2 -s 3000 r1", 0)).containsExactly(
                "PING r1(r1 (2001:db8:1::1)) 3000 data bytes",
                "3008 bytes from r1 (2001:db8:1::1): icmp_seq=1 ttl=64 time=2.50 ms",
                "3008 bytes from r1 (2001:db8:1::1): icmp_seq=2 ttl=64 time=2.50 ms",
                "",
                "--- r1 ping statistics ---",
                "2 packets transmitted, 2 received, 0% packet loss, time 1000ms",
                "rtt min/avg/max/mdev = 2.504/2.504/2.504/0.000 ms");
        List<String> dump = run.block("r1", "tcpdump -n -i eth0 -c 6 icmp6", 0);
        assertThat(dump.subList(2, 8)).extracting(l -> l.substring(l.indexOf(' ') + 1)).containsExactly(
                "IP6 2001:db8:1::10 > 2001:db8:1::1: frag (0|1448) ICMP6, echo request, id " + echoId() + ", seq 1, length 1448",
                "IP6 2001:db8:1::10 > 2001:db8:1::1: frag (1448|1448)",
                "IP6 2001:db8:1::10 > 2001:db8:1::1: frag (2896|112)",
                "IP6 2001:db8:1::1 > 2001:db8:1::10: frag (0|1448) ICMP6, echo reply, id " + echoId() + ", seq 1, length 1448",
                "IP6 2001:db8:1::1 > 2001:db8:1::10: frag (1448|1448)",
                "IP6 2001:db8:1::1 > 2001:db8:1::10: frag (2896|112)");
    }

    private static String echoId() {
        String l = run.block("r1", "tcpdump -n -i eth0 -c 6 icmp6", 0).get(2);
        return l.replaceAll(".*, id (\\d+), .*", "$1");
    }

    @Test
    void ping_6_m_do_fails_locally_as_iputils_prints_it() {
        // as `ping -6 -c 2 -M do -s 3000 ::1` prints on Linux with lo at mtu 1500 (iputils 20221126)
        assertThat(run.block("h1", "ping -6 -c 2 -M do -s 3000 r1", 0)).containsExactly(
                "PING r1(r1 (2001:db8:1::1)) 3000 data bytes",
                "ping: local error: message too long, mtu: 1500",
                "ping: local error: message too long, mtu: 1500",
                "",
                "--- r1 ping statistics ---",
                "2 packets transmitted, 0 received, +2 errors, 100% packet loss, time 1000ms",
                "");
    }

    @Test
    void packet_too_big_then_fragments_of_1280_bytes() {
        List<String> ping = run.block("h1", "ping -6 -c 3 -s 3000 h2", 0);
        assertThat(ping.get(1)).isEqualTo("From r2 (2001:db8:12::2) icmp_seq=1 Packet too big: mtu=1280");
        assertThat(ping.get(2)).startsWith("3008 bytes from h2 (2001:db8:2::20): icmp_seq=2 ttl=62 time=");
        assertThat(ping.get(3)).startsWith("3008 bytes from h2 (2001:db8:2::20): icmp_seq=3 ttl=62 time=");
        List<Long> lens = run.events(Ip6Events.FRAGMENT).stream()
                .filter(e -> e.node().equals("h1") && e.get(Ip6Events.DST).equals("2001:db8:2::20"))
                .map(e -> e.get(Ip6Events.LEN)).toList();
        assertThat(lens).containsExactly(1496L, 1496L, 160L, 1280L, 1280L, 592L, 1280L, 1280L, 592L);
    }

    @Test
    void tshark_decodes_every_fragment_and_the_reassembled_datagrams_as_the_trace_says() throws Exception {
        List<Path> pcaps;
        try (Stream<Path> s = Files.list(run.dir())) {
            pcaps = s.filter(p -> p.toString().endsWith(".pcap")).sorted().toList();
        }
        assertThat(pcaps).hasSize(6);
        for (Path p : pcaps) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ipv6 && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
        }
        Path h1 = run.dir().resolve("h1-eth0.pcap");
        List<Map<String, String>> whole = Tshark.fields(h1, "ipv6.reassembled.length", "ipv6.reassembled.length",
                "ipv6.fragment.count", "icmpv6.type", "icmpv6.checksum.status");
        // 2 requests and 2 replies with r1, 3 requests and 2 replies with h2 (the first request's
        // last fragment was the only one to pass r2, so h2 never had it whole)
        assertThat(whole).hasSize(9);
        for (Map<String, String> w : whole) {
            assertThat(w.get("ipv6.reassembled.length")).isEqualTo("3008");
            assertThat(w.get("ipv6.fragment.count")).isEqualTo("3");
            assertThat(w.get("icmpv6.checksum.status")).isEqualTo("1");
        }
        // the Fragment header of every fragment h1 sent (not those quoted in the Packet Too Big) equals the trace
        List<String> wire = new ArrayList<>();
        for (Map<String, String> f : Tshark.fields(h1, "ipv6.fraghdr && ipv6.src == 2001:db8:1::10 && !(icmpv6.type == 2)",
                "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident", "frame.len")) {
            wire.add(Integer.parseInt(f.get("ipv6.fraghdr.offset")) * 8 + " " + f.get("ipv6.fraghdr.more").equals("1")
                    + " " + Long.decode(f.get("ipv6.fraghdr.ident")) + " " + f.get("frame.len"));
        }
        List<String> traced = new ArrayList<>();
        for (TraceEvent e : run.events(Ip6Events.FRAGMENT)) {
            if (e.node().equals("h1")) {
                traced.add(e.get(Ip6Events.OFFSET) + " " + e.get(Ip6Events.MF) + " " + e.get(Ip6Events.ID) + " "
                        + e.get(Ip6Events.LEN));
            }
        }
        assertThat(wire).hasSize(15).isEqualTo(traced);
    }

    @Test
    void two_runs_give_the_same_bytes() {
        run.assertRerunIdentical();
    }
}
