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
 * examples/ospfv3.yaml end to end: four OSPFv3 routers on IPv6 segments elect a DR on the shared
 * segment, exchange Router-, Network-, Link- and Intra-Area-Prefix-LSAs, route the hosts' /64s
 * through link-local next hops, and route around a crashed router once the dead interval has run
 * out. One run with every interface captured; tshark and the test's own arithmetic read the captures.
 */
class Ospf6ExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospfv3.yaml");
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Ip6 linkLocal(String node, String iface) {
        var n = run.world().node(node);
        return n.ip6().iface(n.ip().iface(iface)).linkLocal();
    }

    private static Ospf6 ospf6(String node) {
        return run.world().node(node).service(Ospf6.class);
    }

    @Test
    void r1_is_backup_on_the_shared_segment_and_full_with_the_dr_and_the_drother_in_ospf6d_columns() {
        List<String> nb = run.block("r1", "vtysh -c \"show ipv6 ospf6 neighbor\"", 0);
        assertThat(nb.get(0)).isEqualTo("Neighbor ID     Pri    DeadTime    State/IfState         Duration I/F[State]");
        assertThat(nb.get(1)).matches("10\\.255\\.0\\.2        1    00:00:[0-3]\\d     Full/DROther         00:00:\\d\\d eth1\\[BDR\\]");
        assertThat(nb.get(2)).matches("10\\.255\\.0\\.3       10    00:00:[0-3]\\d     Full/DR              00:00:\\d\\d eth1\\[BDR\\]");
        assertThat(nb).hasSize(3);
        List<String> after = run.block("r1", "vtysh -c \"show ipv6 ospf6 neighbor\"", 1);
        assertThat(after).hasSize(2);
        assertThat(after.get(1)).startsWith("10.255.0.3       10 ");
    }

    @Test
    void the_database_lists_each_lsa_type_with_its_payload_as_ospf6d_does() {
        List<String> db = run.block("r1", "vtysh -c \"show ipv6 ospf6 database\"", 0);
        assertThat(db.subList(0, 4)).containsExactly("", "        Area Scoped Link State Database (Area 0.0.0.0)", "",
                "Type LSId           AdvRouter       Age   SeqNum                        Payload");
        // r2's Router-LSA: a transit link to r3's core network (r3's Interface ID 2) and to r4's on x24
        assertThat(db).anyMatch(l -> l.matches("Rtr  0\\.0\\.0\\.0        10\\.255\\.0\\.2    +\\d+ 8000000\\d"
                + " +10\\.255\\.0\\.3/0\\.0\\.0\\.2"));
        // r3, the DR of core, lists the three routers attached to it, itself first
        List<String> net = db.stream().filter(l -> l.startsWith("Net  0.0.0.2        10.255.0.3")).toList();
        assertThat(net).extracting(l -> l.substring(l.length() - 10)).containsExactly("10.255.0.3", "10.255.0.1",
                "10.255.0.2");
        assertThat(db).anyMatch(l -> l.startsWith("INP  0.0.0.0        10.255.0.1") && l.endsWith(" 2001:db8:1::/64"));
        assertThat(db).anyMatch(l -> l.startsWith("INP  0.0.0.2        10.255.0.3") && l.endsWith(" 2001:db8:ff::/64"));
        int eth1 = db.indexOf("        I/F Scoped Link State Database (I/F eth1 in Area 0.0.0.0)");
        assertThat(eth1).isPositive();
        assertThat(db.subList(eth1, db.size())).anyMatch(l -> l.startsWith("Lnk  0.0.0.2        10.255.0.2")
                && l.endsWith(" " + linkLocal("r2", "eth0")));
        // no Link-LSA of core appears on lan1 (link-local flooding scope)
        int eth0 = db.indexOf("        I/F Scoped Link State Database (I/F eth0 in Area 0.0.0.0)");
        assertThat(db.get(eth0 + 3)).isEqualTo("");
        assertThat(db.get(db.size() - 4)).isEqualTo("        AS Scoped Link State Database");
    }

    @Test
    void routes_go_through_link_local_next_hops_at_the_costs_dijkstra_gives() {
        // h2's /64: r1 -core- r2 -x24- r4 -lan4, FRR's automatic cost 1 at 1 Gbit/s each: 3; through r3: 1 + 25 + 1
        List<String> route = run.block("r1", "vtysh -c \"show ipv6 ospf6 route\"", 0);
        assertThat(route).contains(String.format("*N IA %-30s %-25s %6s 00:00:50", "2001:db8:1::/64", "::", "eth0"));
        Ip6 r2 = linkLocal("r2", "eth0");
        assertThat(route).anyMatch(l -> l.startsWith(String.format("*N IA %-30s %-25s %6s ", "2001:db8:4::/64", r2, "eth1")));
        List<String> ip = run.block("r1", "ip -6 route", 0);
        assertThat(ip).contains("2001:db8:4::/64 via " + r2 + " dev eth1 proto ospf metric 20 pref medium");
        List<String> after = run.block("r1", "ip -6 route", 1);
        assertThat(after).contains("2001:db8:4::/64 via " + linkLocal("r3", "eth0")
                + " dev eth1 proto ospf metric 20 pref medium");
        Ospf6.Route toH2 = ospf6("r1").routes().stream().filter(r -> r.prefix().equals(Ip6.parse("2001:db8:4::")))
                .findFirst().orElseThrow();
        assertThat(toH2.cost()).isEqualTo(1 + 25 + 1);
        assertThat(ospf6("r4").routes().stream().filter(r -> r.prefix().equals(Ip6.parse("2001:db8:1::")))
                .findFirst().orElseThrow().cost()).isEqualTo(25 + 1 + 1);
    }

    @Test
    void ping_and_traceroute_cross_r2_then_r3_after_the_dead_interval() {
        String h1 = String.join("\n", run.terminal("h1"));
        assertThat(h1).contains("2 packets transmitted, 2 received, 0% packet loss");
        assertThat(h1).contains(" 2  2001:db8:ff::2  ").contains(" 3  2001:db8:24::4  ");
        assertThat(h1).contains("20 packets transmitted, 14 received, 30% packet loss");
        assertThat(h1).endsWith(" 4  2001:db8:4::10  8.027 ms  8.028 ms  8.029 ms");
        int detour = h1.lastIndexOf("traceroute to");
        assertThat(h1.substring(detour)).contains(" 2  2001:db8:ff::3  ").contains(" 3  2001:db8:34::4  ");
    }

    @Test
    void a_silent_crash_is_noticed_after_the_dead_interval_and_routed_around_at_once() {
        TraceEvent dead = run.events(e -> e.is(OspfEvents.V3.adjacency()) && e.node().equals("r1")
                && e.get(OspfEvents.EVENT).equals("InactivityTimer")).get(0);
        assertThat(dead.get(OspfEvents.NEIGHBOR)).isEqualTo("10.255.0.2");
        assertThat(dead.get(OspfEvents.ADDRESS)).isEqualTo(linkLocal("r2", "eth0").toString());
        List<TraceEvent> hellos = run.events(e -> e.is(OspfEvents.V3.receive()) && e.node().equals("r1")
                && e.get(OspfEvents.TYPE).equals("hello") && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.2"));
        long lastHello = hellos.get(hellos.size() - 1).time();
        assertThat(lastHello).isLessThanOrEqualTo(60 * S);
        assertThat(dead.time() - lastHello).isEqualTo(40 * S);
        TraceEvent spf = run.events(e -> e.is(OspfEvents.V3.spf()) && e.node().equals("r1") && e.time() >= dead.time()
                && e.num(OspfEvents.CHANGED) > 0).get(0);
        assertThat(spf.time() - dead.time()).isLessThan(20_000_000L); // r3's new Network-LSA crosses core, then SPF
        // OSPFv2 runs beside it for IPv4, in its own layer and database
        assertThat(run.events(OspfEvents.V2.spf())).isNotEmpty();
        assertThat(run.events(OspfEvents.V2.send())).allMatch(e -> !e.get(OspfEvents.DST).contains(":"));
        assertThat(run.events(OspfEvents.V3.send())).allMatch(e -> e.get(OspfEvents.DST).contains(":"));
    }

    @Test
    void the_routers_alive_at_the_end_hold_identical_area_databases() {
        List<String> r1 = area(ospf6("r1").databaseContents());
        assertThat(r1.size()).isGreaterThan(8);
        assertThat(area(ospf6("r3").databaseContents())).isEqualTo(r1);
        assertThat(area(ospf6("r4").databaseContents())).isEqualTo(r1);
        assertThat(ospf6("r2").databaseContents()).isEmpty(); // crashed
    }

    /** The area-scope LSAs (Link-LSAs, type 0x0008 in bytes 2-3, belong to one link each). */
    private static List<String> area(List<String> lsas) {
        return lsas.stream().filter(h -> !h.startsWith("0008", 4)).toList();
    }

    @Test
    void tshark_decodes_every_ospfv3_packet_with_no_expert_warning_from_link_local_with_hop_limit_1() throws Exception {
        Oracles.tshark();
        int ospf = 0;
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ospf && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
            for (Map<String, String> row : Tshark.fields(p, "ospf && ipv6", "ipv6.src", "ipv6.dst", "ipv6.hlim", "ipv6.tclass",
                    "ospf.version")) {
                assertThat(row.get("ipv6.src")).startsWith("fe80::");
                assertThat(row.get("ipv6.dst")).matches("ff02::5|ff02::6|fe80::.*");
                assertThat(row).containsEntry("ipv6.hlim", "1").containsEntry("ipv6.tclass", "0x000000c0")
                        .containsEntry("ospf.version", "3");
                ospf++;
            }
        }
        assertThat(ospf).isGreaterThan(100);
        Path core = run.dir().resolve("r1-eth1.pcap");
        assertThat(Tshark.fields(core, "ospf.msg == 1 && ipv6.src == " + linkLocal("r3", "eth0"),
                "ospf.hello.interface_id", "ospf.hello.router_priority").get(5))
                .containsEntry("ospf.hello.interface_id", "2").containsEntry("ospf.hello.router_priority", "10");
        assertThat(Tshark.count(core, "ospf.v3.lsa == 0x2001")).isPositive();
        assertThat(Tshark.count(core, "ospf.v3.lsa == 0x2002")).isPositive();
        assertThat(Tshark.count(core, "ospf.v3.lsa == 0x0008")).isPositive();
        assertThat(Tshark.count(core, "ospf.v3.lsa == 0x2009")).isPositive();
    }

    @Test
    void every_captured_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        int packets = 0;
        int lsas = 0;
        for (Path p : run.pcaps()) {
            for (byte[] d : PcapOspf.datagrams6(p)) {
                assertThat(PcapOspf.packet6ChecksumOk(d)).isTrue();
                packets++;
                for (byte[] l : PcapOspf.lsas6(d)) {
                    assertThat(PcapOspf.fletcherOk(l)).isTrue();
                    lsas++;
                }
            }
        }
        assertThat(packets).isGreaterThan(100);
        assertThat(lsas).isGreaterThan(20);
    }

    @Test
    void two_runs_give_byte_identical_output_and_trace() {
        run.assertRerunIdentical();
    }
}
