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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospf-nssa.yaml end to end: an NSSA (area 1) with two border routers, b1 and b2, and an
 * AS boundary router x1 inside it redistributing one network with a type 1 metric and one with a
 * type 2 metric as type-7 LSAs; b2 (the higher router ID) is elected translator and floods the
 * type 5s into the backbone with x1's forwarding address, which c0 reaches through b1. Routes
 * against a hand computation, the databases, the options and flags, vtysh, captures, determinism,
 * and two variants: b1 translating always (the Nt bit), and n1 not calling the area an NSSA (the
 * N bit differs, no adjacency).
 */
class OspfNssaExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospf-nssa.yaml");
    static final int NSSA_AREA = 1;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    private static Ospf ospf(Runs.Result r, String node) {
        return r.world().node(node).service(Ospf.class);
    }

    private static Ospf ospf(String node) {
        return ospf(run.result(), node);
    }

    private static List<String> routes(String node) {
        return OspfRouteLines.of(ospf(node));
    }

    @Test
    void the_backbone_reaches_the_forwarding_address_through_b1_not_through_the_translator() {
        // 10.1.2.0/24 (x1's forwarding address 10.1.2.9) is 10 + 20 through b1, 10 + 40 through b2
        assertThat(routes("c0")).containsExactly(
                "10.0.0.0/24 N 10 on eth0",
                "10.0.1.0/24 N 10 on eth1",
                "10.0.2.0/24 N 10 on eth2",
                "10.1.1.0/24 IA 20 via 10.0.1.1",
                "10.1.2.0/24 IA 30 via 10.0.1.1",
                "10.1.3.0/24 IA 40 via 10.0.2.2",
                "198.51.100.0/24 E2 30/20 via 10.0.1.1", // type 2: metric 20, distance to the forwarding address 30
                "203.0.113.0/30 E1 50 via 10.0.1.1"); // type 1: 30 + 20
        assertThat(run.block("c0", "vtysh -c \"show ip route\"", 0)).contains(
                "O>* 198.51.100.0/24 [110/20] via 10.0.1.1, eth1, weight 1, 00:00:24",
                "O>* 203.0.113.0/30 [110/50] via 10.0.1.1, eth1, weight 1, 00:00:24");
        assertThat(run.block("c0", "vtysh -c \"show ip ospf route\"", 0)).containsSubsequence(
                "============ OSPF external routing table ===========",
                "N E2 198.51.100.0/24       [30/20] tag: 0",
                "                           via 10.0.1.1, eth1",
                "N E1 203.0.113.0/30        [50] tag: 0",
                "                           via 10.0.1.1, eth1");
    }

    @Test
    void inside_the_nssa_the_type_7s_and_the_nssa_default_make_the_routes_and_no_type_5_enters() {
        assertThat(routes("n1")).containsExactly(
                "0.0.0.0/0 N2 10/1 via 10.1.1.1", // b1's default type 7 (default-cost 1) is 10 away, b2's 30
                "10.0.0.0/24 IA 30 via 10.1.1.1",
                "10.0.1.0/24 IA 20 via 10.1.1.1",
                "10.0.2.0/24 IA 30 via 10.1.1.1",
                "10.1.1.0/24 N 10 on eth0",
                "10.1.2.0/24 N 10 on eth2",
                "10.1.3.0/24 N 30 on eth1",
                "198.51.100.0/24 N2 10/20 via 10.1.2.9",
                "203.0.113.0/30 N1 30 via 10.1.2.9"); // 10 to the forwarding address + 20; c0's 192.0.2.0/30 is not here
        assertThat(run.block("n1", "vtysh -c \"show ip route\"", 0)).contains(
                "O>* 0.0.0.0/0 [110/1] via 10.1.1.1, eth0, weight 1, 00:00:29",
                "O>* 203.0.113.0/30 [110/30] via 10.1.2.9, eth2, weight 1, 00:00:29");
        for (String r : List.of("n1", "x1")) {
            assertThat(ospf(r).database()).as(r).noneMatch(l -> l.type() == Lsa.EXTERNAL || l.type() == Lsa.ASBR_SUMMARY);
        }
        // the border routers prefer the P-bit type 7 to the translated type 5 at equal distance (RFC 3101 2.5)
        assertThat(routes("b1")).contains("192.0.2.0/30 E1 15 via 10.0.1.9", "203.0.113.0/30 N1 40 via 10.1.1.2",
                "198.51.100.0/24 N2 20/20 via 10.1.1.2");
        assertThat(routes("b2")).contains("203.0.113.0/30 N1 60 via 10.1.3.1", "198.51.100.0/24 N2 40/20 via 10.1.3.1");
    }

    @Test
    void b2_is_elected_translator_and_its_type_5s_keep_the_forwarding_address() {
        assertThat(lastElection(run.result(), "b2")).isEqualTo("enabled highest router ID of the area's border routers");
        assertThat(lastElection(run.result(), "b1")).isEqualTo("disabled 10.255.0.2 has a higher router ID");
        assertThat(run.block("b2", "vtysh -c \"show ip ospf\"", 0)).contains(" Area ID: 0.0.0.1 (NSSA)",
                "   We are an ABR and the NSSA Elected Translator.");
        assertThat(run.block("b1", "vtysh -c \"show ip ospf\"", 0))
                .contains("   We are an ABR, but not the NSSA Elected Translator.");
        Map<String, Lsa> fives = new TreeMap<>();
        for (Lsa l : ospf("c0").asbr.externals(run.world().sim().now())) {
            fives.put(Ip4.str(l.id()) + " " + Ip4.str(l.advRouter()), l);
        }
        assertThat(fives).containsOnlyKeys("192.0.2.0 10.255.0.9", "198.51.100.0 10.255.0.2", "203.0.113.0 10.255.0.2");
        Lsa e1 = fives.get("203.0.113.0 10.255.0.2");
        assertThat(e1.externalType2()).isFalse();
        assertThat(e1.metric()).isEqualTo(20);
        assertThat(Ip4.str(e1.forwardingAddress())).isEqualTo("10.1.2.9");
        Lsa e2 = fives.get("198.51.100.0 10.255.0.2");
        assertThat(e2.externalType2()).isTrue();
        assertThat(Ip4.str(e2.forwardingAddress())).isEqualTo("10.1.2.9");
        assertThat(run.events(e -> e.is(OspfEvents.EXTERNAL) && e.node().equals("b2")))
                .extracting(e -> e.get(OspfEvents.LSA) + " " + e.get(OspfEvents.REASON))
                .contains("external 203.0.113.0 10.255.0.2 translated from nssa-external 203.0.113.0 10.255.1.9 of area 0.0.0.1");
        assertThat(run.events(e -> e.is(OspfEvents.EXTERNAL) && e.node().equals("b1")
                && e.get(OspfEvents.LSA).startsWith("external "))).isEmpty();
    }

    private static String lastElection(Runs.Result r, String node) {
        List<TraceEvent> ev = r.events(e -> e.is(OspfEvents.TRANSLATOR) && e.node().equals(node));
        assertThat(ev).as(node).isNotEmpty();
        TraceEvent last = ev.get(ev.size() - 1);
        return last.get(OspfEvents.TRANSLATOR_STATE) + " " + last.get(OspfEvents.REASON);
    }

    @Test
    void each_area_has_one_database_and_type_7_never_leaves_the_nssa() {
        assertThat(ospf("b1").databaseContents(NSSA_AREA)).isEqualTo(ospf("b2").databaseContents(NSSA_AREA))
                .isEqualTo(ospf("n1").databaseContents(NSSA_AREA)).isEqualTo(ospf("x1").databaseContents(NSSA_AREA))
                .isNotEmpty();
        assertThat(ospf("c0").databaseContents(0)).isEqualTo(ospf("b1").databaseContents(0))
                .isEqualTo(ospf("b2").databaseContents(0)).isNotEmpty();
        assertThat(run.events(e -> e.is(OspfEvents.INSTALL) && e.get(OspfEvents.LSA).startsWith("nssa-external")
                && !e.get(OspfEvents.AREA).equals("0.0.0.1"))).isEmpty();
        assertThat(run.events(e -> e.is(OspfEvents.INSTALL) && e.get(OspfEvents.LSA).startsWith("external")
                && e.get(OspfEvents.AREA).equals("0.0.0.1"))).isEmpty();
        assertThat(run.block("n1", "vtysh -c \"show ip ospf database\"", 0)).contains(
                "                NSSA-external Link States (Area 0.0.0.1 [NSSA])",
                "                Router Link States (Area 0.0.0.1 [NSSA])");
        assertThat(String.join("\n", run.block("n1", "vtysh -c \"show ip ospf database\"", 0)))
                .containsPattern("203\\.0\\.113\\.0 +10\\.255\\.1\\.9 .* E1 203\\.0\\.113\\.0/30 \\[0x0\\]")
                .containsPattern("0\\.0\\.0\\.0 +10\\.255\\.0\\.1 .* E2 0\\.0\\.0\\.0/0 \\[0x0\\]")
                .doesNotContain("AS External Link States");
        assertThat(String.join("\n", run.block("c0", "vtysh -c \"show ip ospf database\"", 0)))
                .contains("AS External Link States").doesNotContain("NSSA");
    }

    @Test
    void options_and_flags_say_nssa_p_bit_border_asbr() {
        for (String r : List.of("b1", "b2", "c0", "n1")) {
            for (Area a : ospf(r).areas.values()) {
                for (OspfCore.Entry e : a.lsdb.values()) {
                    Lsa l = e.lsa();
                    int want = a.id == 0 ? Lsa.OPTION_E
                            : l.type() == Lsa.NSSA && l.mask() == 0 ? 0 // the NSSA default: P clear (RFC 3101 2.7)
                            : Lsa.OPTION_NP;
                    assertThat(l.options()).as(r + " " + l.describe()).isEqualTo(want);
                    if (l.type() == Lsa.ROUTER) {
                        String who = Ip4.str(l.advRouter());
                        assertThat(l.routerFlags()).as(who).isEqualTo(who.startsWith("10.255.0.") && !who.endsWith(".9")
                                ? Lsa.FLAG_B | Lsa.FLAG_E // every NSSA border router sets E (3.1), none Nt here
                                : who.endsWith(".9") ? Lsa.FLAG_E : 0);
                    }
                    if (l.type() == Lsa.NSSA && l.mask() != 0) {
                        assertThat(Ip4.str(l.forwardingAddress())).isEqualTo("10.1.2.9");
                    }
                }
            }
        }
    }

    @Test
    void the_pings_cross_the_nssa_both_ways() {
        String h0 = String.join("\n", run.terminal("h0"));
        assertThat(h0).contains("64 bytes from 203.0.113.2: icmp_seq=1 ttl=60", "2 packets transmitted, 2 received")
                .contains(" 2  10.0.1.1  12.003 ms\n 3  10.1.1.2  22.005 ms\n 4  10.1.2.9  32.006 ms\n 5  203.0.113.2");
        assertThat(String.join("\n", run.terminal("e1"))).contains("64 bytes from 192.0.2.2: icmp_seq=1 ttl=60",
                "2 packets transmitted, 2 received, 0% packet loss");
    }

    @Test
    void tshark_decodes_the_n_and_p_bits_and_the_type_7_and_translated_type_5_lsas() throws Exception {
        Oracles.tshark();
        Path d = run.dir();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
        }
        Map<String, String[]> bits = Map.of("n1-eth0", new String[] {"1", "0"}, "x1-eth0", new String[] {"1", "0"},
                "b2-eth1", new String[] {"1", "0"}, "c0-eth1", new String[] {"0", "1"});
        for (Map.Entry<String, String[]> e : new TreeMap<>(bits).entrySet()) {
            List<Map<String, String>> hellos = Tshark.fields(d.resolve(e.getKey() + ".pcap"), "ospf.msg == 1",
                    "ospf.v2.options.n", "ospf.v2.options.e");
            assertThat(hellos).as(e.getKey()).isNotEmpty();
            for (Map<String, String> h : hellos) {
                assertThat(h).as(e.getKey()).containsEntry("ospf.v2.options.n", e.getValue()[0])
                        .containsEntry("ospf.v2.options.e", e.getValue()[1]);
            }
        }
        // an update may carry several LSAs: the AS-external fields are listed per external LSA, in order
        assertThat(externals(d.resolve("n1-eth2.pcap"), "ospf.lsa == 7")).contains(
                "255.255.255.252 type 0 fwd 10.1.2.9", "255.255.255.0 type 1 fwd 10.1.2.9", "0.0.0.0 type 1 fwd 0.0.0.0");
        assertThat(Tshark.count(d.resolve("n1-eth2.pcap"), "ospf.lsa == 7 && ospf.v2.options.p == 1")).isPositive();
        assertThat(externals(d.resolve("c0-eth1.pcap"), "ospf.lsa == 5")).containsOnly(
                "255.255.255.252 type 0 fwd 10.1.2.9", "255.255.255.0 type 1 fwd 10.1.2.9", "255.255.255.252 type 0 fwd 0.0.0.0");
        assertThat(Tshark.count(d.resolve("c0-eth1.pcap"), "ospf.lsa == 5 && ospf.advrouter == 10.255.0.2")).isPositive();
        assertThat(Tshark.count(d.resolve("c0-eth1.pcap"), "ospf.lsa == 7")).isZero();
        assertThat(Tshark.count(d.resolve("n1-eth0.pcap"), "ospf.lsa == 5 || ospf.lsa == 4")).isZero();
    }

    /** The external LSAs of the updates matching {@code filter} as "netmask type T fwd A" (tshark's E bit: type 1 means type 2). */
    private static java.util.Set<String> externals(Path pcap, String filter) throws Exception {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (Map<String, String> m : Tshark.fields(pcap, "ospf.msg == 4 && (" + filter + ")", "ospf.lsa.asext.netmask",
                "ospf.lsa.asext.type", "ospf.lsa.asext.fwdaddr")) {
            String[] masks = m.get("ospf.lsa.asext.netmask").split(",");
            String[] types = m.get("ospf.lsa.asext.type").split(",");
            String[] fwds = m.get("ospf.lsa.asext.fwdaddr").split(",");
            assertThat(types).hasSameSizeAs(masks);
            assertThat(fwds).hasSameSizeAs(masks);
            for (int k = 0; k < masks.length; k++) {
                out.add(masks[k] + " type " + types[k] + " fwd " + fwds[k]);
            }
        }
        return out;
    }

    @Test
    void every_captured_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        int sevens = 0;
        for (byte[] l : PcapOspf.checkedLsas(run.pcaps())) {
            if (l[3] == Lsa.NSSA) {
                assertThat(PcapOspf.u16(l, 18)).isEqualTo(36).isEqualTo(l.length);
                sevens++;
            }
        }
        assertThat(sevens).isGreaterThan(4);
    }

    @Test
    void b1_translating_always_sets_nt_and_b2_stands_down() throws Exception {
        String yaml = Files.readString(EXAMPLE).replace(
                "        - {id: 1, nssa: true}                 # every router of the NSSA says so (the N bit must match)\n"
                        + "      interfaces:\n        - {name: eth0, cost: 10}\n        - {name: eth1, area: 1, cost: 10}",
                "        - {id: 1, nssa: true, translate: always}\n"
                        + "      interfaces:\n        - {name: eth0, cost: 10}\n        - {name: eth1, area: 1, cost: 10}");
        assertThat(yaml).contains("translate: always");
        Runs.Result r = Runs.run(yaml.substring(0, yaml.indexOf("timeline:")));
        assertThat(lastElection(r, "b1")).isEqualTo("enabled translate always");
        assertThat(lastElection(r, "b2")).isEqualTo("disabled 10.255.0.1 translates always (Nt bit)");
        Lsa b1 = ospf(r, "n1").areas.get(NSSA_AREA).routerLsa(Ip4.parse("10.255.0.1"), r.world().sim().now());
        assertThat(b1.routerFlags()).isEqualTo(Lsa.FLAG_B | Lsa.FLAG_E | Lsa.FLAG_NT);
        assertThat(ospf(r, "c0").asbr.externals(r.world().sim().now())).extracting(l -> Ip4.str(l.advRouter()))
                .containsExactly("10.255.0.9", "10.255.0.1", "10.255.0.1");
    }

    @Test
    void a_type_1_route_wins_over_a_type_2_one_of_lower_cost_for_the_same_network() throws Exception {
        // c0 also redistributes 198.51.100.0/24 (a static route toward e0) with a type 1 metric of 100
        String yaml = Files.readString(EXAMPLE).replace("""
                      router-id: 10.255.0.9
                      redistribute:
                """, """
                      router-id: 10.255.0.9
                      redistribute:
                        - {source: static, metric-type: 1, metric: 100}
                """).replace("""
                  - name: c0
                    kind: router
                """, """
                  - name: c0
                    kind: router
                    routes: ["198.51.100.0/24 via 192.0.2.2"]
                """);
        assertThat(yaml).contains("metric: 100}", "routes: [\"198.51.100.0/24 via 192.0.2.2\"]");
        Runs.Result r = Runs.run(yaml.substring(0, yaml.indexOf("timeline:")));
        List<String> b1 = new ArrayList<>();
        for (OspfRoute x : ospf(r, "b1").routes()) {
            if (x.external()) {
                b1.add(Ip4.str(x.network()) + "/" + x.length() + " " + (x.nssa() ? "N" : "E") + x.metricType() + " "
                        + x.cost() + " " + x.type2Cost() + " via " + Ip4.str(x.nextHops().get(0).gateway()));
            }
        }
        // 16.4 step 6: type 1 first, whatever the costs: 10 + 100 through c0 beats the type 7's [20/20]
        assertThat(b1).containsExactly("192.0.2.0/30 E1 15 -1 via 10.0.1.9", "198.51.100.0/24 E1 110 -1 via 10.0.1.9",
                "203.0.113.0/30 N1 40 -1 via 10.1.1.2");
        // inside the NSSA no type 5 exists: n1 keeps the type 7
        assertThat(ospf(r, "n1").routes()).filteredOn(x -> x.network() == Ip4.parse("198.51.100.0"))
                .extracting(x -> x.metricType() + " " + x.type2Cost()).containsExactly("2 20");
    }

    @Test
    void a_router_that_does_not_call_the_area_an_nssa_never_becomes_adjacent_the_n_bit_differs() throws Exception {
        String yaml = Files.readString(EXAMPLE).replace("""
                      router-id: 10.255.1.1
                      area: 1
                      areas:
                        - {id: 1, nssa: true}
                """, """
                      router-id: 10.255.1.1
                      area: 1
                """).replace("duration: 60s", "duration: 30s");
        assertThat(yaml).doesNotContain("router-id: 10.255.1.1\n      area: 1\n      areas:");
        Runs.Result r = Runs.run(yaml.substring(0, yaml.indexOf("timeline:")));
        List<TraceEvent> drops = r.events(e -> e.is(OspfEvents.DROP) && e.node().equals("b1")
                && e.get(OspfEvents.IFACE).equals("eth1"));
        assertThat(drops).isNotEmpty();
        assertThat(drops.get(0).get(OspfEvents.REASON))
                .isEqualTo("N-bit mismatch: the neighbour's area is not an NSSA, 0.0.0.1 here is one");
        assertThat(r.events(e -> e.is(OspfEvents.DROP) && e.node().equals("n1")).get(0).get(OspfEvents.REASON))
                .isEqualTo("N-bit mismatch: the neighbour's area is an NSSA, 0.0.0.1 here is not one");
        assertThat(r.events(e -> e.is(OspfEvents.ADJACENCY) && e.get(OspfEvents.TO).equals(OspfEvents.FULL)
                && (e.node().equals("n1") || e.node().equals("x1")))).isEmpty();
        assertThat(r.events(e -> e.is(OspfEvents.ADJACENCY) && e.get(OspfEvents.TO).equals(OspfEvents.FULL)
                && e.node().equals("c0"))).hasSize(2); // the backbone is unaffected
    }

    @Test
    void two_runs_give_byte_identical_output_trace_and_captures() {
        run.assertRerunIdentical();
    }
}
