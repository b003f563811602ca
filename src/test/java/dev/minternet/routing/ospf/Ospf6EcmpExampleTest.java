package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip6.Ip6Events;
import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip6;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospfv3-ecmp.yaml end to end: a square of OSPFv3 routers gives r1 two equal-cost paths
 * to the servers' /64. OSPFv3 installs both next hops as one multipath route (`ip -6 route` prints
 * it as iproute2 does), Linux's IPv6 hash spreads the hosts' flows over both and keeps each on its
 * path, and a failed link leaves the flows of the other path where they were.
 */
class Ospf6EcmpExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospfv3-ecmp.yaml");
    static final long S = 1_000_000_000L;
    static final String S1 = "2001:db8:4::10";

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Ip6 linkLocal(String node, String iface) {
        var n = run.world().node(node);
        return n.ip6().iface(n.ip().iface(iface)).linkLocalAddress();
    }

    /** r1's out interface for each source's datagrams to s1 forwarded in [from, to). */
    private static Map<String, Set<String>> pathsAtR1(long from, long to) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (TraceEvent e : run.events(e -> e.is(Ip6Events.FORWARD) && e.node().equals("r1") && e.time() >= from
                && e.time() < to && e.get(Ip6Events.DST).equals(S1))) {
            out.computeIfAbsent(e.get(Ip6Events.SRC), k -> new TreeSet<>()).add(e.get(Ip6Events.OUT));
        }
        return out;
    }

    @Test
    void ip_6_route_prints_one_multipath_route_with_a_nexthop_line_per_path() {
        Ip6 r2 = linkLocal("r2", "eth0");
        Ip6 r3 = linkLocal("r3", "eth0");
        List<String> ip = run.block("r1", "ip -6 route", 0);
        int at = ip.indexOf("2001:db8:4::/64 proto ospf metric 20 pref medium");
        assertThat(at).isNotNegative();
        // print_rta_multipath: a tab, then each field followed by a space
        assertThat(ip.subList(at + 1, at + 3)).containsExactly(
                "\tnexthop via " + r2 + " dev eth1 weight 1 ",
                "\tnexthop via " + r3 + " dev eth2 weight 1 ");
        // one path only: the ordinary one-line form
        assertThat(ip).contains("2001:db8:24::/64 via " + r2 + " dev eth1 proto ospf metric 20 pref medium");
        List<String> r4 = run.block("r4", "ip -6 route", 0);
        assertThat(r4).contains("2001:db8:1::/64 proto ospf metric 20 pref medium");
        List<String> after = run.block("r1", "ip -6 route", 1);
        assertThat(after).contains("2001:db8:4::/64 via " + r3 + " dev eth2 proto ospf metric 20 pref medium")
                .noneMatch(l -> l.contains("nexthop"));
        List<String> ospf = run.block("r1", "vtysh -c \"show ipv6 ospf6 route\"", 0);
        assertThat(ospf).anyMatch(l -> l.startsWith("*N IA 2001:db8:4::/64 ") && l.contains(r2.toString()));
    }

    @Test
    void flows_from_different_sources_spread_over_both_paths_and_each_keeps_one() {
        Map<String, Set<String>> before = pathsAtR1(30 * S, 45 * S);
        assertThat(before).hasSizeGreaterThanOrEqualTo(6);
        // deterministic per flow: every datagram of one source (traceroute probes on other ports, pings) on one path
        assertThat(before.values()).allSatisfy(p -> assertThat(p).hasSize(1));
        Set<String> used = new TreeSet<>();
        before.values().forEach(used::addAll);
        assertThat(used).containsExactly("eth1", "eth2");
        // each traceroute's second hop agrees with the forwarding: r2's address for the eth1 flows, r3's for eth2
        for (int h = 1; h <= 6; h++) {
            List<String> t = run.block("h" + h, "traceroute -6 -n " + S1, 0);
            String hop2 = t.stream().filter(l -> l.startsWith(" 2  ")).findFirst().orElseThrow();
            assertThat(hop2).matches(" 2  2001:db8:1[23]::[23]  [0-9. ms]+");
        }
        long viaR2 = Stream.of(1, 2, 3, 4, 5, 6).filter(h -> run.block("h" + h, "traceroute -6 -n " + S1, 0).stream()
                .anyMatch(l -> l.startsWith(" 2  2001:db8:12::2 "))).count();
        assertThat(viaR2).isBetween(1L, 5L);
        // h1 at 40s takes the path it took at 31s
        assertThat(run.block("h1", "traceroute -6 -n " + S1, 1).get(2).substring(0, 20))
                .isEqualTo(run.block("h1", "traceroute -6 -n " + S1, 0).get(2).substring(0, 20));
    }

    @Test
    void a_failed_link_moves_only_the_flows_of_its_next_hop() {
        Map<String, Set<String>> before = pathsAtR1(30 * S, 45 * S);
        Map<String, Set<String>> after = pathsAtR1(45 * S, 60 * S);
        assertThat(after.keySet()).containsAll(before.keySet());
        for (Map.Entry<String, Set<String>> e : after.entrySet()) {
            assertThat(e.getValue()).as(e.getKey()).containsExactly("eth2");
        }
        for (int h = 1; h <= 6; h++) {
            assertThat(run.block("h" + h, "traceroute -6 -n " + S1, h == 1 ? 2 : 1))
                    .anyMatch(l -> l.startsWith(" 2  2001:db8:13::3 "));
        }
        String pings = String.join("\n", run.terminal("h1"));
        assertThat(pings).contains("3 packets transmitted, 3 received, 0% packet loss");
    }

    @Test
    void tshark_decodes_every_capture_cleanly_and_sees_probes_on_both_of_r1s_links() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
        }
        Path run1 = run.dir();
        for (String link : List.of("r1-eth1.pcap", "r1-eth2.pcap")) {
            assertThat(Tshark.count(run1.resolve(link), "ipv6.dst == " + S1 + " && udp")).as(link).isPositive();
        }
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
