package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospf-lan.yaml end to end: four routers on one switch wait for the dead interval, elect
 * r3 (priority 10) DR and r4 (priority 5) BDR, form adjacencies only with those two (r1 and r2,
 * both DROthers, stay 2-Way), and when the DR crashes the BDR takes over after the dead interval.
 * One run with every interface captured; tshark and the test's own checksum code read the captures.
 */
class OspfLanTest {
    static final Path EXAMPLE = Path.of("examples/ospf-lan.yaml");
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void the_wait_timer_holds_the_election_for_the_dead_interval_then_priority_decides() {
        List<TraceEvent> r1 = run.events(e -> e.is(OspfEvents.ELECTION) && e.node().equals("r1"));
        assertThat(r1.get(0).time()).isEqualTo(40 * S);
        assertThat(r1.get(0).get(OspfEvents.EVENT)).isEqualTo("WaitTimer");
        TraceEvent settled = r1.stream().filter(e -> e.time() < 60 * S).reduce((a, b) -> b).orElseThrow();
        assertThat(settled.get(OspfEvents.STATE)).isEqualTo("DROther");
        assertThat(settled.get(OspfEvents.DR)).isEqualTo("10.255.0.3");
        assertThat(settled.get(OspfEvents.DR_ADDRESS)).isEqualTo("10.0.0.3");
        assertThat(settled.get(OspfEvents.BDR)).isEqualTo("10.255.0.4");
        TraceEvent r3 = run.events(e -> e.is(OspfEvents.ELECTION) && e.node().equals("r3")).get(0);
        assertThat(r3.get(OspfEvents.STATE)).isEqualTo("DR");
        assertThat(run.events(e -> e.is(OspfEvents.ELECTION) && e.node().equals("r2") && e.time() < 60 * S))
                .allMatch(e -> e.get(OspfEvents.STATE).equals("DROther")); // priority 0: never DR or Backup
    }

    @Test
    void show_ip_ospf_neighbor_lists_the_dr_the_backup_and_a_drother_left_at_2_way() {
        List<String> nb = run.block("r1", "vtysh -c \"show ip ospf neighbor\"", 0);
        assertThat(nb.get(1)).startsWith("Neighbor ID     Pri State ");
        assertThat(nb.get(2)).startsWith("10.255.0.2        0 2-Way/DROther   ").contains(" 10.0.0.2        eth1:10.0.0.1 ");
        assertThat(nb.get(3)).startsWith("10.255.0.3       10 Full/DR         ");
        assertThat(nb.get(4)).startsWith("10.255.0.4        5 Full/Backup     ");
        assertThat(nb.get(2).indexOf("10.0.0.2")).isEqualTo(62);
    }

    @Test
    void the_two_drothers_stay_2_way_while_the_dr_and_bdr_live() {
        List<TraceEvent> r1 = run.events(e -> e.is(OspfEvents.ADJACENCY) && e.node().equals("r1")
                && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.2") && e.time() < 60 * S);
        assertThat(r1).extracting(e -> e.get(OspfEvents.TO)).containsExactly("Init", "2-Way");
        // r2 (priority 0) skips the wait and elects a tentative DR among the routers it hears before anyone
        // declares one (9.4), so it may start an adjacency with r1 early; after the election it is 2-Way for good
        List<TraceEvent> r2 = run.events(e -> e.is(OspfEvents.ADJACENCY) && e.node().equals("r2")
                && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.1") && e.time() < 60 * S);
        assertThat(r2.get(r2.size() - 1).get(OspfEvents.TO)).isEqualTo("2-Way");
        assertThat(r2).noneMatch(e -> e.time() > 41 * S);
    }

    @Test
    void show_ip_ospf_interface_gives_state_dr_and_backup_as_frr_does() {
        List<String> r1 = run.block("r1", "vtysh -c \"show ip ospf interface\"", 0);
        int eth1 = r1.indexOf("eth1 is up");
        assertThat(r1.subList(eth1, eth1 + 13)).containsSubsequence(
                "  Router ID 10.255.0.1, Network Type BROADCAST, Cost: 10",
                "  Transmit Delay is 1 sec, State DROther, Priority 1",
                "  Designated Router (ID) 10.255.0.3 Interface Address 10.0.0.3/24",
                "  Backup Designated Router (ID) 10.255.0.4, Interface Address 10.0.0.4",
                "  Multicast group memberships: OSPFAllRouters",
                "  Neighbor Count is 3, Adjacent neighbor count is 2");
        List<String> r3 = run.block("r3", "vtysh -c \"show ip ospf interface\"", 0);
        assertThat(r3).contains("  Transmit Delay is 1 sec, State DR, Priority 10",
                "  Multicast group memberships: OSPFAllRouters OSPFDesignatedRouters",
                "  Neighbor Count is 3, Adjacent neighbor count is 3");
    }

    @Test
    void the_dr_originates_a_network_lsa_listing_every_router_and_routers_point_transit_links_at_it() {
        List<String> db = run.block("r1", "vtysh -c \"show ip ospf database\"", 0);
        int net = db.indexOf("                Net Link States (Area 0.0.0.0)");
        assertThat(net).isPositive();
        assertThat(db.get(net + 2)).isEqualTo("Link ID         ADV Router      Age  Seq#       CkSum");
        assertThat(db.get(net + 3)).matches("10\\.0\\.0\\.3       10\\.255\\.0\\.3     +\\d+ 0x8000000\\d 0x[0-9a-f]{4}");
        assertThat(db.subList(net + 4, db.size())).containsExactly("", "");
        assertThat(run.block("r1", "vtysh -c \"show ip ospf database\"", 1)).anyMatch(l -> l.startsWith("10.0.0.4       10.255.0.4 "));
    }

    @Test
    void when_the_dr_dies_the_bdr_takes_over_after_the_dead_interval_and_routes_follow() {
        List<TraceEvent> hellos = run.events(e -> e.is(OspfEvents.RECEIVE) && e.node().equals("r4")
                && e.get(OspfEvents.TYPE).equals("hello") && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.3"));
        long lastHello = hellos.get(hellos.size() - 1).time();
        assertThat(lastHello).isLessThan(60 * S);
        TraceEvent takeover = run.events(e -> e.is(OspfEvents.ELECTION) && e.node().equals("r4") && e.time() > 60 * S).get(0);
        assertThat(takeover.time() - lastHello).isEqualTo(40 * S);
        assertThat(takeover.get(OspfEvents.STATE)).isEqualTo("DR");
        assertThat(takeover.get(OspfEvents.BDR)).isEqualTo("10.255.0.1"); // r2 has priority 0
        List<String> nb = run.block("r2", "vtysh -c \"show ip ospf neighbor\"", 0);
        assertThat(nb.get(2)).startsWith("10.255.0.1        1 Full/Backup ");
        assertThat(nb.get(3)).startsWith("10.255.0.4        5 Full/DR ");
        // every live router's Router-LSA now has its transit link to 10.0.0.4 and SPF ran on it
        for (String r : List.of("r1", "r2", "r4")) {
            Ospf o = run.world().node(r).service(Ospf.class);
            for (int rid : List.of(0x0aff0001, 0x0aff0002, 0x0aff0004)) {
                assertThat(o.topology().get(rid)).anyMatch(l -> l.type() == Lsa.LINK_TRANSIT && l.id() == Ip4.parse("10.0.0.4"));
            }
            TraceEvent spf = run.events(e -> e.is(OspfEvents.SPF) && e.node().equals(r) && e.time() >= takeover.time())
                    .get(0);
            assertThat(spf.time() - takeover.time()).isLessThan(S);
        }
        assertThat(run.world().node("r1").service(Ospf.class).routes()).anyMatch(rt -> rt.network() == Ip4.parse("10.0.2.0")
                && rt.nextHops().size() == 1 && rt.nextHops().get(0).gateway() == Ip4.parse("10.0.0.4"));
        List<String> db = run.world().node("r1").service(Ospf.class).databaseContents();
        assertThat(run.world().node("r2").service(Ospf.class).databaseContents()).isEqualTo(db);
        assertThat(run.world().node("r4").service(Ospf.class).databaseContents()).isEqualTo(db);
    }

    @Test
    void traceroute_crosses_the_lan_straight_to_r4_not_through_the_dr() {
        String h1 = String.join("\n", run.terminal("h1"));
        assertThat(h1).contains(" 2  10.0.0.4  ");
        assertThat(h1).doesNotContain("10.0.0.3 ");
    }

    @Test
    void tshark_decodes_hellos_with_dr_and_bdr_and_network_lsas_with_nothing_malformed() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ospf && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
        }
        Path r1 = run.dir().resolve("r1-eth1.pcap");
        List<Map<String, String>> hellos = Tshark.fields(r1, "ospf.msg == 1 && ip.src == 10.0.0.1 && frame.time_relative > 41 "
                + "&& frame.time_relative < 60", "eth.dst", "ip.dst", "ip.ttl", "ospf.hello.router_priority",
                "ospf.hello.designated_router", "ospf.hello.backup_designated_router");
        assertThat(hellos).isNotEmpty().allSatisfy(h -> assertThat(h).containsEntry("eth.dst", "01:00:5e:00:00:05")
                .containsEntry("ip.dst", "224.0.0.5").containsEntry("ip.ttl", "1").containsEntry("ospf.hello.router_priority", "1")
                .containsEntry("ospf.hello.designated_router", "10.0.0.3")
                .containsEntry("ospf.hello.backup_designated_router", "10.0.0.4"));
        List<Map<String, String>> nets = Tshark.fields(r1, "ospf.lsa == 2 && ip.src == 10.0.0.3", "ospf.lsa.id",
                "ospf.lsa.network.netmask", "ospf.lsa.network.attchrtr");
        assertThat(nets).isNotEmpty();
        assertThat(nets.get(0)).containsEntry("ospf.lsa.id", "10.0.0.3").containsEntry("ospf.lsa.network.netmask", "255.255.255.0");
        assertThat(nets.get(0).get("ospf.lsa.network.attchrtr")).contains("10.255.0.3", "10.255.0.4");
        // updates: a DROther floods to AllDRouters (or answers one neighbour), the DR to AllSPFRouters
        for (Map<String, String> u : Tshark.fields(r1, "ospf.msg == 4 && ip.src == 10.0.0.1 && frame.time_relative > 41 "
                + "&& frame.time_relative < 60", "ip.dst", "eth.dst")) {
            assertThat(u.get("ip.dst")).isIn("224.0.0.6", "10.0.0.3", "10.0.0.4");
            if (u.get("ip.dst").equals("224.0.0.6")) {
                assertThat(u).containsEntry("eth.dst", "01:00:5e:00:00:06");
            }
        }
        assertThat(Tshark.fields(r1, "ospf.msg == 4 && ip.src == 10.0.0.3", "ip.dst")).extracting(m -> m.get("ip.dst"))
                .contains("224.0.0.5").doesNotContain("224.0.0.6");
        // the database exchange goes to the neighbour itself
        assertThat(Tshark.fields(r1, "ospf.msg == 2 && ip.src == 10.0.0.1", "ip.dst")).extracting(m -> m.get("ip.dst"))
                .isNotEmpty().allMatch(d -> d.equals("10.0.0.3") || d.equals("10.0.0.4") || d.equals("10.0.0.2"));
    }

    @Test
    void every_captured_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        assertThat(PcapOspf.checkedLsas(run.pcaps())).hasSizeGreaterThan(10);
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
