package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Runs;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospf-stub.yaml end to end: a totally stubby area (area 1: s1 behind the ABR b1), an
 * area range (b2 condenses area 2 into 10.2.0.0/16 and installs its discard route) and an AS
 * boundary router (x1, area 2) redistributing a connected and a static route, reached from the
 * backbone through b2's ASBR-summary-LSA. Routes, databases, vtysh, captures, determinism, and
 * (on a copy with the stub setting left out on s1) the E-bit mismatch that keeps the adjacency down.
 */
class OspfStubExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospf-stub.yaml");

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Ospf ospf(String node) {
        return run.world().node(node).service(Ospf.class);
    }

    private static List<String> routes(String node) {
        return OspfRouteLines.of(ospf(node));
    }

    @Test
    void the_totally_stubby_area_routes_everything_outside_through_the_default_summary() {
        assertThat(routes("s1")).containsExactly(
                "0.0.0.0/0 IA 11 via 10.1.2.2", // 10 to b1 plus default-cost 1
                "10.1.1.0/24 N 10 on eth0",
                "10.1.2.0/24 N 10 on eth1");
        assertThat(run.block("s1", "vtysh -c \"show ip route\"", 0))
                .contains("O>* 0.0.0.0/0 [110/11] via 10.1.2.2, eth1, weight 1, 00:00:29");
        List<Ospf.LsaView> db = ospf("s1").database();
        assertThat(db).extracting(Ospf.LsaView::type).containsExactly(1, 1, 3); // no summary but the default, no type 4 or 5
        assertThat(db.get(2).id()).isZero();
        assertThat(db.get(2).mask()).isZero();
        assertThat(run.block("s1", "vtysh -c \"show ip ospf database\"", 0)).contains(
                "                Router Link States (Area 0.0.0.1 [Stub])",
                "                Summary Link States (Area 0.0.0.1 [Stub])",
                "0.0.0.0        10.255.0.1        45 0x80000001 0x3320 0.0.0.0/0");
    }

    @Test
    void the_backbone_sees_one_summary_for_the_range_and_the_external_routes_through_the_asbr_summary() {
        assertThat(routes("b1")).containsExactly(
                "10.0.12.0/24 N 10 on eth1",
                "10.1.1.0/24 N 20 via 10.1.2.1",
                "10.1.2.0/24 N 10 on eth0",
                "10.2.0.0/16 IA 30 via 10.0.12.2", // b2's range at the largest of 10, 20, 20, plus 10 to b2
                "198.51.100.0/24 E2 30/20 via 10.0.12.2", // cost to x1 through b2's type 4 (10 + 20), metric 20
                "203.0.113.0/30 E2 30/20 via 10.0.12.2");
        assertThat(run.block("b1", "vtysh -c \"show ip ospf route\"", 0)).contains(
                "N IA 10.2.0.0/16           [30] area: 0.0.0.0",
                "R    10.255.2.9         IA [30] area: 0.0.0.0, ASBR",
                "============ OSPF external routing table ===========",
                "N E2 198.51.100.0/24       [30/20] tag: 0",
                "                           via 10.0.12.2, eth1");
        List<String> db = run.block("b1", "vtysh -c \"show ip ospf database\"", 0);
        assertThat(db).contains("                ASBR-Summary Link States (Area 0.0.0.0)",
                "                AS External Link States",
                "Link ID         ADV Router      Age  Seq#       CkSum  Route");
        assertThat(String.join("\n", db)).containsPattern("10\\.2\\.0\\.0 +10\\.255\\.0\\.2 .* 10\\.2\\.0\\.0/16")
                .containsPattern("10\\.255\\.2\\.9 +10\\.255\\.0\\.2 +\\d+ 0x8000000\\d 0x[0-9a-f]{4}\n")
                .containsPattern("198\\.51\\.100\\.0 +10\\.255\\.2\\.9 .* E2 198\\.51\\.100\\.0/24 \\[0x0\\]")
                .doesNotContain("10.2.1.0/24", "10.2.3.0/24");
        // the AS-external-LSAs are listed once, after the areas, though b1's backbone database holds them
        assertThat(db.stream().filter(l -> l.startsWith("198.51.100.0"))).hasSize(1);
    }

    @Test
    void b2_summarizes_the_range_at_its_largest_component_cost_and_lists_its_discard_route() {
        Lsa range = null;
        for (Lsa l : ospf("b2").abr.own()) {
            if (l.id() == Ip4.parse("10.2.0.0") && l.type() == Lsa.SUMMARY) {
                range = l;
            }
        }
        assertThat(range).isNotNull();
        assertThat(range.mask()).isEqualTo(Ip4.mask(16));
        assertThat(range.metric()).isEqualTo(20);
        assertThat(ospf("b2").discardRoutes()).containsExactly(
                new dev.minternet.routing.ospf.OspfConfig.Range(Ip4.parse("10.2.0.0"), 16, true, -1));
        assertThat(ospf("b1").discardRoutes()).isEmpty();
        assertThat(run.block("b2", "vtysh -c \"show ip ospf route\"", 0)).containsSubsequence(
                "N IA 10.1.2.0/24           [20] area: 0.0.0.0",
                "                           via 10.0.12.1, eth0",
                "D IA 10.2.0.0/16           Discard entry",
                "N    10.2.1.0/24           [10] area: 0.0.0.2");
        // no component /24 of area 2 leaves the area, neither into the backbone nor into area 1
        for (String r : List.of("b1", "s1")) {
            for (Ospf.LsaView l : ospf(r).database()) {
                if (l.type() == Lsa.SUMMARY) {
                    assertThat(Ip4.str(l.id())).as(r).doesNotStartWith("10.2.1.").doesNotStartWith("10.2.2.")
                            .doesNotStartWith("10.2.3.");
                }
            }
        }
    }

    @Test
    void area_2_holds_the_externals_and_no_asbr_summary_since_x1_is_inside_it() {
        List<Ospf.LsaView> db = ospf("a2").database();
        assertThat(db.stream().filter(l -> l.type() == Lsa.EXTERNAL).map(l -> Ip4.str(l.id())))
                .containsExactly("198.51.100.0", "203.0.113.0");
        assertThat(db.stream().filter(l -> l.type() == Lsa.ASBR_SUMMARY)).isEmpty();
        assertThat(routes("a2")).contains("198.51.100.0/24 E2 10/20 via 10.2.2.9", "203.0.113.0/30 E2 10/20 via 10.2.2.9",
                "10.1.1.0/24 IA 40 via 10.2.1.2");
        assertThat(run.block("x1", "vtysh -c \"show ip ospf\"", 0))
                .contains(" This router is an ASBR (injecting external routing information)");
        assertThat(run.block("b1", "vtysh -c \"show ip ospf\"", 0)).contains(" Area ID: 0.0.0.1 (Stub, no summary)",
                " This router is an ABR, ABR type is: Alternative Cisco");
    }

    @Test
    void each_area_has_one_database_and_the_flags_and_options_say_stub_abr_and_asbr() {
        assertThat(ospf("s1").databaseContents(1)).isEqualTo(ospf("b1").databaseContents(1)).isNotEmpty();
        assertThat(ospf("b1").databaseContents(0)).isEqualTo(ospf("b2").databaseContents(0)).isNotEmpty();
        assertThat(ospf("b2").databaseContents(2)).isEqualTo(ospf("a2").databaseContents(2))
                .isEqualTo(ospf("x1").databaseContents(2)).isNotEmpty();
        for (String r : List.of("b1", "b2", "a2")) {
            for (Area a : ospf(r).areas.values()) {
                for (OspfCore.Entry e : a.lsdb.values()) {
                    Lsa l = e.lsa();
                    assertThat(l.options()).as(r + " " + l.describe()).isEqualTo(a.id == 1 ? 0 : Lsa.OPTION_E);
                    if (l.type() == Lsa.ROUTER) {
                        String who = Ip4.str(l.advRouter());
                        assertThat(l.routerFlags()).as(who).isEqualTo(who.startsWith("10.255.0.") ? Lsa.FLAG_B
                                : who.equals("10.255.2.9") ? Lsa.FLAG_E : 0);
                    }
                }
            }
        }
    }

    @Test
    void pings_reach_the_external_host_and_area_2_and_the_range_blackholes_the_rest() {
        String h1 = String.join("\n", run.terminal("h1"));
        assertThat(h1).contains("64 bytes from 203.0.113.2: icmp_seq=1 ttl=59")
                .contains("64 bytes from 10.2.3.10: icmp_seq=1 ttl=60");
        assertThat(h1.split("2 packets transmitted, 2 received, 0% packet loss", -1)).hasSize(3);
        // s1 and b1 answer; b2 drops the probe on its discard route before the TTL check: no answer, no unreachable
        assertThat(h1).contains(" 1  10.1.1.1  2.001 ms\n 2  10.1.2.2  12.003 ms\n 3  *\n 4  *").doesNotContain("!N");
    }

    @Test
    void the_trace_records_the_external_lsas_and_the_default_and_range_summaries() {
        List<TraceEvent> ext = run.events(e -> e.is(OspfEvents.EXTERNAL));
        assertThat(ext).extracting(e -> e.node() + " " + e.get(OspfEvents.PREFIX) + " " + e.get(OspfEvents.METRIC) + " "
                + e.get(OspfEvents.REASON)).containsExactly("x1 198.51.100.0/24 20 redistributed",
                "x1 203.0.113.0/30 20 redistributed");
        assertThat(run.events(e -> e.is(OspfEvents.SUMMARY) && e.node().equals("b1")
                && e.get(OspfEvents.AREA).equals("0.0.0.1"))).extracting(e -> e.get(OspfEvents.PREFIX))
                .containsExactly("0.0.0.0/0");
        assertThat(run.events(e -> e.is(OspfEvents.SUMMARY) && e.get(OspfEvents.LSA).startsWith("asbr-summary")))
                .extracting(e -> e.node() + " " + e.get(OspfEvents.AREA) + " " + e.get(OspfEvents.PREFIX))
                .contains("b2 0.0.0.0 10.255.2.9/32");
        // no AS-external-LSA ever entered area 1
        assertThat(run.events(e -> e.is(OspfEvents.INSTALL) && e.get(OspfEvents.AREA).equals("0.0.0.1")
                && e.get(OspfEvents.LSA).startsWith("external"))).isEmpty();
    }

    @Test
    void tshark_decodes_every_capture_cleanly_with_the_stub_options_and_the_type_4_and_5_lsas() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
        }
        Map<String, String> eBit = new TreeMap<>(Map.of("s1-eth1", "0", "b1-eth0", "0", "b1-eth1", "1", "a2-eth1", "1"));
        for (Map.Entry<String, String> e : eBit.entrySet()) {
            List<Map<String, String>> hellos = Tshark.fields(run.dir().resolve(e.getKey() + ".pcap"),
                    "ospf.msg == 1", "ospf.v2.options.e", "_ws.expert.severity");
            assertThat(hellos).as(e.getKey()).isNotEmpty();
            for (Map<String, String> h : hellos) {
                assertThat(h.get("ospf.v2.options.e")).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(h.get("_ws.expert.severity")).doesNotContain("6291456", "8388608");
            }
        }
        Path b1 = run.dir().resolve("b1-eth1.pcap");
        List<Map<String, String>> ext = Tshark.fields(b1, "ospf.msg == 4 && ospf.lsa == 5 && ospf.lsa.id == 198.51.100.0",
                "ospf.lsa.asext.netmask", "ospf.lsa.asext.type", "ospf.metric", "ospf.lsa.asext.fwdaddr");
        assertThat(ext.get(0)).containsEntry("ospf.lsa.asext.netmask", "255.255.255.0")
                .containsEntry("ospf.lsa.asext.type", "1").containsEntry("ospf.metric", "20")
                .containsEntry("ospf.lsa.asext.fwdaddr", "0.0.0.0");
        List<Map<String, String>> asbr = Tshark.fields(b1, "ospf.msg == 4 && ospf.lsa == 4", "ospf.lsa.id",
                "ospf.advrouter", "ospf.metric");
        assertThat(asbr.get(0)).containsEntry("ospf.lsa.id", "10.255.2.9").containsEntry("ospf.advrouter", "10.255.0.2")
                .containsEntry("ospf.metric", "20");
        assertThat(Tshark.count(run.dir().resolve("s1-eth1.pcap"), "ospf.lsa == 5 || ospf.lsa == 4")).isZero();
    }

    @Test
    void every_captured_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        int externals = 0;
        for (byte[] l : PcapOspf.checkedLsas(run.pcaps())) {
            if (l[3] == 5) {
                assertThat(PcapOspf.u16(l, 18)).isEqualTo(36).isEqualTo(l.length);
                externals++;
            }
        }
        assertThat(externals).isGreaterThan(4);
    }

    @Test
    void a_router_that_does_not_call_the_area_stub_never_becomes_adjacent_the_e_bit_differs() throws Exception {
        String yaml = Files.readString(EXAMPLE).replace(
                "        - {id: 1, stub: true}                   # every router of a stub area says so (the E bit must match)\n",
                "").replace("      areas:\n      interfaces:", "      interfaces:").replace("duration: 60s", "duration: 30s");
        yaml = yaml.substring(0, yaml.indexOf("timeline:")); // the commands would only fail
        assertThat(yaml).doesNotContain("{id: 1, stub: true}");
        Runs.Result r = Runs.run(yaml);
        List<TraceEvent> drops = r.events(e -> e.is(OspfEvents.DROP) && e.node().equals("b1")
                && e.get(OspfEvents.IFACE).equals("eth0"));
        assertThat(drops).isNotEmpty();
        assertThat(drops.get(0).get(OspfEvents.REASON)).isEqualTo(
                "E-bit mismatch: the neighbour's area is not a stub area, 0.0.0.1 here is one");
        assertThat(r.events(e -> e.is(OspfEvents.ADJACENCY) && e.get(OspfEvents.TO).equals(OspfEvents.FULL)
                && (e.node().equals("s1") || e.get(OspfEvents.IFACE).equals("eth0") && e.node().equals("b1")))).isEmpty();
    }

    @Test
    void two_runs_give_byte_identical_output_and_trace() {
        run.assertRerunIdentical();
    }
}
