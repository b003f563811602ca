package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip6;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospfv3-links.yaml end to end: OSPFv3 on point-to-point links (three raw, one Ethernet,
 * one of the raw ones unnumbered) in a ring of four IPv6-only routers. Adjacencies without a DR,
 * point-to-point links in the Router-LSAs with the neighbour's Interface ID, routes through the
 * neighbours' link-local addresses, and a link failure routed around at once.
 */
class Ospf6LinksExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospfv3-links.yaml");
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Ip6 linkLocal(String node, String iface) {
        var n = run.world().node(node);
        return n.ip6().iface(n.ip().iface(iface)).linkLocalAddress();
    }

    private static Ospf6 ospf6(String node) {
        return run.world().node(node).service(Ospf6.class);
    }

    @Test
    void neighbours_are_full_point_to_point_without_a_designated_router() {
        List<String> nb = run.block("r1", "vtysh -c \"show ipv6 ospf6 neighbor\"", 0);
        assertThat(nb).containsExactly(
                "Neighbor ID     Pri    DeadTime    State/IfState         Duration I/F[State]",
                "10.255.0.2        1    00:00:30     Full/PointToPoint    00:00:19 eth1[PointToPoint]",
                // r1--r4 is Ethernet: the link-local address is tentative during DAD, the first hello waits (10 s)
                "10.255.0.4        1    00:00:30     Full/PointToPoint    00:00:09 eth2[PointToPoint]");
        List<String> r3 = run.block("r3", "vtysh -c \"show ipv6 ospf6 neighbor\"", 0);
        assertThat(r3).hasSize(3).allMatch(l -> l.startsWith("Neighbor") || l.contains(" Full/PointToPoint "));
        List<String> after = run.block("r1", "vtysh -c \"show ipv6 ospf6 neighbor\"", 1);
        assertThat(after).hasSize(2);
        assertThat(after.get(1)).startsWith("10.255.0.4 ");
        // no election on a point-to-point link: no DR or BDR in any hello, no election event
        assertThat(run.events(OspfEvents.V3.election())).isEmpty();
    }

    @Test
    void router_lsas_list_a_point_to_point_link_per_neighbour_with_its_interface_id() {
        List<String> db = run.block("r1", "vtysh -c \"show ipv6 ospf6 database\"", 0);
        // r1's eth1 (Interface ID 3) faces r2's eth0 (Interface ID 2), its eth2 r4's eth0
        assertThat(db).anyMatch(l -> l.matches("Rtr  0\\.0\\.0\\.0        10\\.255\\.0\\.1 +\\d+ 8000000\\d +10\\.255\\.0\\.2/0\\.0\\.0\\.2"));
        assertThat(db).anyMatch(l -> l.matches("Rtr  0\\.0\\.0\\.0        10\\.255\\.0\\.1 +\\d+ 8000000\\d +10\\.255\\.0\\.4/0\\.0\\.0\\.2"));
        // the unnumbered link r3 eth1 -- r4 eth1: in both Router-LSAs, but no prefix in any Intra-Area-Prefix-LSA
        assertThat(db).anyMatch(l -> l.matches("Rtr  0\\.0\\.0\\.0        10\\.255\\.0\\.3 +\\d+ 8000000\\d +10\\.255\\.0\\.4/0\\.0\\.0\\.3"));
        assertThat(db).anyMatch(l -> l.matches("Rtr  0\\.0\\.0\\.0        10\\.255\\.0\\.4 +\\d+ 8000000\\d +10\\.255\\.0\\.3/0\\.0\\.0\\.3"));
        List<String> inp = db.stream().filter(l -> l.startsWith("INP ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
        assertThat(inp).containsExactly("2001:db8:1::/64", "2001:db8:12::/64", "2001:db8:14::/64", "2001:db8:12::/64",
                "2001:db8:23::/64", "2001:db8:23::/64", "2001:db8:3::/64", "2001:db8:14::/64");
        assertThat(db).noneMatch(l -> l.startsWith("Net "));
        int eth1 = db.indexOf("        I/F Scoped Link State Database (I/F eth1 in Area 0.0.0.0)");
        int eth2 = db.indexOf("        I/F Scoped Link State Database (I/F eth2 in Area 0.0.0.0)");
        assertThat(db.subList(eth1, eth2)).anyMatch(l -> l.startsWith("Lnk  0.0.0.2        10.255.0.2")
                && l.endsWith(" " + linkLocal("r2", "eth0")));
        assertThat(db.subList(eth2, db.size())).anyMatch(l -> l.startsWith("Lnk  0.0.0.2        10.255.0.4")
                && l.endsWith(" " + linkLocal("r4", "eth0")));
    }

    @Test
    void routes_go_through_the_neighbours_link_local_addresses() {
        Ip6 r2 = linkLocal("r2", "eth0");
        Ip6 r4 = linkLocal("r4", "eth0");
        List<String> route = run.block("r1", "vtysh -c \"show ipv6 ospf6 route\"", 0);
        int h3 = route.indexOf(String.format("*N IA %-30s %-25s %6s 00:00:09", "2001:db8:3::/64", r2, "eth1"));
        assertThat(h3).isNotNegative(); // equal cost through r2 and r4: both listed
        assertThat(route.get(h3 + 1)).isEqualTo(String.format("%36s %-25s %6s ", "", r4, "eth2"));
        List<String> ip = run.block("r1", "ip -6 route", 0);
        // equal cost through r2 and r4: one multipath route, as iproute2 prints RTA_MULTIPATH
        int mp = ip.indexOf("2001:db8:3::/64 proto ospf metric 20 pref medium");
        assertThat(mp).isNotNegative();
        assertThat(ip.subList(mp + 1, mp + 3)).containsExactly("\tnexthop via " + r2 + " dev eth1 weight 1 ",
                "\tnexthop via " + r4 + " dev eth2 weight 1 ");
        assertThat(ip).contains("2001:db8:23::/64 via " + r2 + " dev eth1 proto ospf metric 20 pref medium");
        List<String> after = run.block("r1", "ip -6 route", 1);
        assertThat(after).contains("2001:db8:3::/64 via " + r4 + " dev eth2 proto ospf metric 20 pref medium");
        Ospf6.Route toH3 = ospf6("r1").routes().stream().filter(r -> r.prefix().equals(Ip6.parse("2001:db8:3::")))
                .findFirst().orElseThrow();
        assertThat(toH3.cost()).isEqualTo(3); // FRR's automatic cost 1 on each 100 Mbit/s link, back after the restore
        assertThat(toH3.hops()).hasSize(2);
        // r3 reaches h1 across the unnumbered link through r4's own link-local address
        assertThat(ospf6("r3").routes().stream().filter(r -> r.prefix().equals(Ip6.parse("2001:db8:1::"))).findFirst()
                .orElseThrow().hops()).extracting(Ospf6.Hop::gateway).contains(Ip6.parse("fe80::4"));
    }

    @Test
    void a_failed_link_is_routed_around_within_milliseconds_and_the_ping_loses_nothing() {
        String h1 = String.join("\n", run.terminal("h1"));
        assertThat(h1).contains("2 packets transmitted, 2 received, 0% packet loss");
        assertThat(h1).contains("6 packets transmitted, 6 received, 0% packet loss");
        String[] traces = h1.split("traceroute to ");
        assertThat(traces).hasSize(4);
        assertThat(traces[1]).contains(" 2  2001:db8:12::2  ").contains(" 3  2001:db8:23::3  ");
        // after the failure through r4; r3 answers across the unnumbered link from its global address on eth2
        assertThat(traces[2]).contains(" 2  2001:db8:14::4  ").contains(" 3  2001:db8:3::1  ");
        assertThat(traces[3]).contains(" 2  2001:db8:12::2  ").contains(" 3  2001:db8:23::3  ");
        TraceEvent down = run.events(e -> e.is(OspfEvents.V3.adjacency()) && e.node().equals("r1")
                && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.2") && e.get(OspfEvents.TO).equals("Down")).get(0);
        assertThat(down.time()).isEqualTo(40_500_000_000L); // the carrier goes: no dead interval to wait for
        TraceEvent spf = run.events(e -> e.is(OspfEvents.V3.spf()) && e.node().equals("r1") && e.time() >= down.time()
                && e.num(OspfEvents.CHANGED) > 0).get(0);
        assertThat(spf.time() - down.time()).isLessThan(100_000_000L);
        TraceEvent back = run.events(e -> e.is(OspfEvents.V3.adjacency()) && e.node().equals("r1") && e.time() > 60 * S
                && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.2") && e.get(OspfEvents.TO).equals("Full")).get(0);
        assertThat(back.time()).isBetween(60 * S, 81 * S);
    }

    @Test
    void all_routers_hold_identical_area_databases_at_the_end() {
        List<String> r1 = area(ospf6("r1").databaseContents());
        assertThat(r1.size()).isGreaterThanOrEqualTo(8);
        for (String r : List.of("r2", "r3", "r4")) {
            assertThat(area(ospf6(r).databaseContents())).as(r).isEqualTo(r1);
        }
    }

    /** The area-scope LSAs (Link-LSAs, type 0x0008 in bytes 2-3, belong to one link each). */
    private static List<String> area(List<String> lsas) {
        return lsas.stream().filter(h -> !h.startsWith("0008", 4)).toList();
    }

    @Test
    void tshark_decodes_every_ospfv3_packet_on_raw_and_ethernet_links_all_to_allspfrouters() throws Exception {
        Oracles.tshark();
        int ospf = 0;
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ospf && (_ws.malformed || _ws.expert)")).as(p.toString()).isZero();
            for (Map<String, String> row : Tshark.fields(p, "ospf", "frame.protocols", "ipv6.src", "ipv6.dst",
                    "ipv6.hlim", "ipv6.tclass", "ospf.version")) {
                assertThat(row.get("ipv6.src")).startsWith("fe80::");
                // a point-to-point link: every packet to AllSPFRouters (ospf6d), never to AllDRouters or unicast
                assertThat(row).containsEntry("ipv6.dst", "ff02::5").containsEntry("ipv6.hlim", "1")
                        .containsEntry("ipv6.tclass", "0x000000c0").containsEntry("ospf.version", "3");
                boolean eth = p.getFileName().toString().equals("r1-eth2.pcap") || p.getFileName().toString().equals("r4-eth0.pcap");
                assertThat(row.get("frame.protocols")).isEqualTo(eth ? "eth:ethertype:ipv6:ospf" : "raw:ipv6:ospf");
                ospf++;
            }
        }
        assertThat(ospf).isGreaterThan(200);
        Path unnumbered = run.dir().resolve("r3-eth1.pcap");
        List<Map<String, String>> hellos = Tshark.fields(unnumbered, "ospf.msg == 1 && ipv6.src == fe80::3",
                "ospf.hello.interface_id", "ospf.hello.designated_router", "ospf.hello.backup_designated_router");
        assertThat(hellos).isNotEmpty().allSatisfy(h -> assertThat(h).containsEntry("ospf.hello.interface_id", "3")
                .containsEntry("ospf.hello.designated_router", "0.0.0.0")
                .containsEntry("ospf.hello.backup_designated_router", "0.0.0.0"));
        assertThat(Tshark.count(unnumbered, "ospf.v3.lsa == 0x2001")).isPositive();
        assertThat(Tshark.count(unnumbered, "ospf.v3.lsa == 0x0008")).isPositive();
        assertThat(Tshark.count(unnumbered, "ospf.v3.lsa == 0x2009")).isPositive();
    }

    @Test
    void every_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        int packets = 0;
        int lsas = 0;
        for (Path p : run.pcaps()) {
            for (byte[] d : PcapOspf.datagrams6(p)) {
                assertThat(PcapOspf.packet6ChecksumOk(d)).as(p.toString()).isTrue();
                packets++;
                for (byte[] l : PcapOspf.lsas6(d)) {
                    assertThat(PcapOspf.fletcherOk(l)).isTrue();
                    lsas++;
                }
            }
        }
        assertThat(packets).isGreaterThan(200);
        assertThat(lsas).isGreaterThan(40);
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
