package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospf.yaml end to end: four routers in a square form their adjacencies, agree on one
 * database, split traffic to h2 over the two equal-cost paths, move it at once when a link loses
 * carrier, and only after the dead interval when a router crashes silently. One run with every
 * interface captured; tshark and the test's own checksum code read the captures.
 */
class OspfExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospf.yaml");
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    @Test
    void r1_reaches_full_with_both_neighbours_and_lists_them_as_frr_does() {
        List<String> nb = run.block("r1", "vtysh -c \"show ip ospf neighbor\"", 0);
        assertThat(nb.get(0)).isEmpty();
        assertThat(nb.get(1)).isEqualTo("Neighbor ID     Pri State           Up Time         Dead Time Address         Interface"
                + "                        RXmtL RqstL DBsmL");
        assertThat(nb.get(2)).matches("10\\.255\\.0\\.2        1 Full/-          \\d+\\.\\d{3}s +\\d+\\.\\d{3}s 10\\.0\\.12\\.2 "
                + "      eth1:10\\.0\\.12\\.1                       0     0     0");
        assertThat(nb.get(3)).startsWith("10.255.0.3        1 Full/-   ").contains(" 10.0.13.3       eth2:10.0.13.1 ");
        assertThat(nb.get(2).indexOf("10.0.12.2")).isEqualTo(62);
    }

    @Test
    void the_database_holds_four_router_lsas_with_frr_columns() {
        List<String> db = run.block("r1", "vtysh -c \"show ip ospf database\"", 0);
        assertThat(db.subList(0, 6)).containsExactly("", "       OSPF Router with ID (10.255.0.1)", "",
                "                Router Link States (Area 0.0.0.0)", "", "Link ID         ADV Router      Age  Seq#       CkSum  Link count");
        assertThat(db.get(6)).matches("10\\.255\\.0\\.1     10\\.255\\.0\\.1     +\\d+ 0x8000000\\d 0x[0-9a-f]{4} 5");
        assertThat(db.get(7)).matches("10\\.255\\.0\\.2     10\\.255\\.0\\.2     +\\d+ 0x8000000\\d 0x[0-9a-f]{4} 4");
        assertThat(db.get(9)).matches("10\\.255\\.0\\.4     10\\.255\\.0\\.4     +\\d+ 0x8000000\\d 0x[0-9a-f]{4} 5");
        assertThat(db.subList(10, 12)).containsExactly("", "");
    }

    @Test
    void show_ip_route_lists_the_two_equal_cost_next_hops_then_one_after_the_failure() {
        List<String> before = run.block("r1", "vtysh -c \"show ip route\"", 0);
        assertThat(before.get(0)).isEqualTo("Codes: K - kernel route, C - connected, S - static, R - RIP,");
        int i = before.indexOf("O>* 10.0.2.0/24 [110/21] via 10.0.12.2, eth1, weight 1, 00:00:24");
        assertThat(i).isPositive();
        assertThat(before.get(i + 1)).isEqualTo("  *                      via 10.0.13.3, eth2, weight 1, 00:00:24");
        assertThat(before).contains("O   10.0.12.0/24 [110/10] is directly connected, eth1, weight 1, 00:00:45",
                "C>* 10.0.12.0/24 is directly connected, eth1, 00:00:45");
        List<String> after = run.block("r1", "vtysh -c \"show ip route\"", 1);
        assertThat(after).contains("O>* 10.0.2.0/24 [110/21] via 10.0.13.3, eth2, weight 1, 00:00:00");
        assertThat(after).noneMatch(l -> l.contains("via 10.0.12.2") && l.contains("10.0.2.0"));
        assertThat(after).noneMatch(l -> l.contains("10.0.24.0/24"));
    }

    @Test
    void traceroute_shows_both_paths_per_probe_before_and_the_detour_after() {
        String h1 = String.join("\n", run.terminal("h1"));
        assertThat(h1).contains(" 2  10.0.12.2  12.004 ms  12.005 ms 10.0.13.3  12.005 ms");
        assertThat(h1).contains(" 2  10.0.13.3  12.004 ms  12.005 ms  12.005 ms\n 3  10.0.34.4");
        assertThat(h1).contains("50 packets transmitted, 20 received, 60% packet loss");
        assertThat(h1).endsWith(" 2  10.0.12.2  12.004 ms  12.005 ms  12.005 ms\n 3  10.0.24.4  22.006 ms  22.007 ms  22.008 ms\n"
                + " 4  10.0.2.10  24.009 ms  24.010 ms  24.010 ms");
    }

    @Test
    void carrier_loss_reconverges_at_once_measured_in_simulated_time() {
        List<TraceEvent> kills = run.events(e -> e.is(OspfEvents.ADJACENCY) && e.node().equals("r2")
                && e.get(OspfEvents.EVENT).equals("KillNbr"));
        assertThat(kills).hasSize(1);
        assertThat(kills.get(0).time()).isEqualTo(60 * S);
        TraceEvent spf = run.events(e -> e.is(OspfEvents.SPF) && e.node().equals("r1") && e.time() >= 60 * S
                && e.num(OspfEvents.CHANGED) > 0).get(0);
        // r2's new Router-LSA crosses one 5 ms link; the SPF delay is FRR's 0 ms
        assertThat(spf.time() - 60 * S).isBetween(5_000_000L, 6_000_000L);
        assertThat(spf.num(OspfEvents.DELAY)).isZero();
    }

    @Test
    void a_silent_crash_is_noticed_after_the_dead_interval_and_routed_around_within_the_spf_delay() {
        TraceEvent dead = run.events(e -> e.is(OspfEvents.ADJACENCY) && e.node().equals("r1")
                && e.get(OspfEvents.EVENT).equals("InactivityTimer")).get(0);
        assertThat(dead.get(OspfEvents.NEIGHBOR)).isEqualTo("10.255.0.3");
        List<TraceEvent> hellos = run.events(e -> e.is(OspfEvents.RECEIVE) && e.node().equals("r1")
                && e.get(OspfEvents.TYPE).equals("hello") && e.get(OspfEvents.NEIGHBOR).equals("10.255.0.3"));
        long lastHello = hellos.get(hellos.size() - 1).time();
        assertThat(lastHello).isLessThan(100 * S);
        assertThat(dead.time() - lastHello).isEqualTo(40 * S);
        TraceEvent spf = run.events(e -> e.is(OspfEvents.SPF) && e.node().equals("r1") && e.time() >= dead.time()).get(0);
        long spfDelay = 0;
        assertThat(spf.time() - dead.time()).isEqualTo(spfDelay);
        assertThat(spf.num(OspfEvents.CHANGED)).isPositive();
        // from the crash: within the dead interval plus the SPF delay
        assertThat(spf.time() - 100 * S).isLessThanOrEqualTo(40 * S + spfDelay);
    }

    @Test
    void the_routers_alive_at_the_end_hold_identical_databases() {
        List<String> r1 = run.world().node("r1").service(Ospf.class).databaseContents();
        assertThat(r1).hasSize(4);
        assertThat(run.world().node("r2").service(Ospf.class).databaseContents()).isEqualTo(r1);
        assertThat(run.world().node("r4").service(Ospf.class).databaseContents()).isEqualTo(r1);
        assertThat(run.world().node("r3").service(Ospf.class).databaseContents()).isEmpty(); // crashed
    }

    @Test
    void tshark_decodes_every_capture_with_nothing_malformed_and_every_ospf_packet_to_224_0_0_5_ttl_1() throws Exception {
        Oracles.tshark();
        int ospf = 0;
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
            assertThat(Tshark.count(p, "ospf && (_ws.malformed || _ws.expert.severity >= warning)")).as(p.toString()).isZero();
            for (Map<String, String> row : Tshark.fields(p, "ospf", "ip.dst", "ip.ttl", "ip.dsfield", "ospf.version")) {
                assertThat(row).containsEntry("ip.dst", "224.0.0.5").containsEntry("ip.ttl", "1")
                        .containsEntry("ip.dsfield", "0xc0").containsEntry("ospf.version", "2");
                ospf++;
            }
        }
        assertThat(ospf).isGreaterThan(100);
    }

    @Test
    void tshark_sees_the_packets_the_trace_says_were_sent_type_by_type() throws Exception {
        Oracles.tshark();
        Path p = run.dir().resolve("r1-eth1.pcap");
        Map<String, String> types = Map.of("1", "hello", "2", "db-description", "3", "ls-request", "4", "ls-update",
                "5", "ls-ack");
        List<String> captured = new ArrayList<>();
        for (Map<String, String> row : Tshark.fields(p, "ospf && ip.src == 10.0.12.1", "ospf.msg")) {
            captured.add(types.get(row.get("ospf.msg")));
        }
        List<String> traced = run.events(e -> e.is(OspfEvents.SEND) && e.node().equals("r1")
                && e.get(OspfEvents.IFACE).equals("eth1")).stream().map(e -> e.get(OspfEvents.TYPE)).toList();
        assertThat(captured).isEqualTo(traced);
        assertThat(captured).contains("hello", "db-description", "ls-request", "ls-update", "ls-ack");
    }

    @Test
    void every_captured_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        assertThat(PcapOspf.checkedLsas(run.pcaps())).hasSizeGreaterThan(10);
    }

    @Test
    void two_runs_give_byte_identical_output_and_trace() {
        run.assertRerunIdentical();
    }
}
