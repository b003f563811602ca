package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.testing.ExampleRun;
import dev.minternet.testing.Oracles;
import dev.minternet.testing.Tshark;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Ip4;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * examples/ospf-areas.yaml end to end: a backbone and two areas joined by four area border
 * routers. The routes every router computed are checked against the test's own reading of RFC
 * 2328 (16.1 inside an area, 16.2 through the border routers' summaries, 12.4.3 for what each
 * border router advertises where) over the example's costs; the vtysh output against FRR 8.4's
 * layout; the traceroute before and after the backbone link b1-b2 fails; the captures with tshark.
 */
class OspfAreasExampleTest {
    static final Path EXAMPLE = Path.of("examples/ospf-areas.yaml");
    static final long S = 1_000_000_000L;

    @RegisterExtension
    static final ExampleRun run = new ExampleRun(EXAMPLE);

    // ------------------------------------------------------------------ the test's own model of the example

    /** A network: its area and the routers on it with their interface cost (two routers: a point-to-point link). */
    record Net(String prefix, int area, Map<String, Integer> ends) {
    }

    static List<Net> nets(boolean failed) {
        List<Net> out = new ArrayList<>(List.of(
                new Net("10.0.1.0/24", 1, Map.of("a1", 10)),
                new Net("10.1.1.0/24", 1, Map.of("a1", 10, "b1", 10)),
                new Net("10.1.3.0/24", 1, Map.of("a1", 30, "b3", 30)),
                new Net("10.0.13.0/24", 0, Map.of("b1", 10, "b3", 10)),
                new Net("10.0.24.0/24", 0, Map.of("b2", 15, "b4", 15)),
                new Net("10.0.34.0/24", 0, Map.of("b3", 10, "b4", 10)),
                new Net("10.2.2.0/24", 2, Map.of("b2", 10, "a2", 10)),
                new Net("10.2.4.0/24", 2, Map.of("b4", 20, "a2", 20)),
                new Net("10.0.2.0/24", 2, Map.of("a2", 10))));
        if (!failed) {
            out.add(new Net("10.0.12.0/24", 0, Map.of("b1", 10, "b2", 10)));
        }
        return out;
    }

    static final Map<String, Set<Integer>> AREAS = Map.of("a1", Set.of(1), "b1", Set.of(0, 1), "b3", Set.of(0, 1),
            "b2", Set.of(0, 2), "b4", Set.of(0, 2), "a2", Set.of(2));

    static boolean abr(String r) {
        return AREAS.get(r).size() > 1 && AREAS.get(r).contains(0);
    }

    /** Dijkstra inside one area, over its point-to-point links. */
    static Map<String, Integer> dist(List<Net> nets, String from, int area) {
        Map<String, Integer> d = new HashMap<>(Map.of(from, 0));
        PriorityQueue<Map.Entry<String, Integer>> q = new PriorityQueue<>(Map.Entry.comparingByValue());
        q.add(Map.entry(from, 0));
        while (!q.isEmpty()) {
            Map.Entry<String, Integer> top = q.poll();
            if (top.getValue() > d.get(top.getKey())) {
                continue;
            }
            for (Net n : nets) {
                if (n.area() != area || n.ends().size() != 2 || !n.ends().containsKey(top.getKey())) {
                    continue;
                }
                for (String w : n.ends().keySet()) {
                    int c = top.getValue() + n.ends().get(top.getKey());
                    if (!w.equals(top.getKey()) && c < d.getOrDefault(w, Integer.MAX_VALUE)) {
                        d.put(w, c);
                        q.add(Map.entry(w, c));
                    }
                }
            }
        }
        return d;
    }

    /** 16.1: the cost from router r to network n inside n's area (r attached to it), or MAX. */
    static int intra(List<Net> nets, String r, Net n) {
        Map<String, Integer> d = dist(nets, r, n.area());
        int best = Integer.MAX_VALUE;
        for (Map.Entry<String, Integer> e : n.ends().entrySet()) {
            if (d.containsKey(e.getKey())) {
                best = Math.min(best, d.get(e.getKey()) + e.getValue());
            }
        }
        return best;
    }

    /** 12.4.3: the metric border router b advertises for n into area a, or MAX when it advertises none. */
    static int advertised(List<Net> nets, String b, Net n, int a) {
        if (!abr(b) || !AREAS.get(b).contains(a) || n.area() == a) {
            return Integer.MAX_VALUE;
        }
        if (AREAS.get(b).contains(n.area())) {
            return intra(nets, b, n); // an intra-area route goes into every other area
        }
        return a == 0 ? Integer.MAX_VALUE : cost(nets, b, n); // an inter-area route from the backbone goes into the others
    }

    /** 16.1 then 16.2: router r's cost to network n. */
    static int cost(List<Net> nets, String r, Net n) {
        if (AREAS.get(r).contains(n.area())) {
            return intra(nets, r, n);
        }
        int best = Integer.MAX_VALUE;
        for (int a : abr(r) ? Set.of(0) : AREAS.get(r)) {
            Map<String, Integer> d = dist(nets, r, a);
            for (String b : d.keySet()) {
                int m = b.equals(r) ? Integer.MAX_VALUE : advertised(nets, b, n, a);
                if (m != Integer.MAX_VALUE) {
                    best = Math.min(best, d.get(b) + m);
                }
            }
        }
        return best;
    }

    /** The model's routes of router r: prefix to "cost" or "IA cost". */
    static Map<String, String> expected(String r, boolean failed) {
        Map<String, String> out = new TreeMap<>();
        List<Net> nets = nets(failed);
        for (Net n : nets) {
            int c = cost(nets, r, n);
            if (c != Integer.MAX_VALUE) {
                out.put(n.prefix(), (AREAS.get(r).contains(n.area()) ? "" : "IA ") + c);
            }
        }
        return out;
    }

    static Map<String, String> actual(String r) {
        Map<String, String> out = new TreeMap<>();
        for (OspfRoute x : run.world().node(r).service(Ospf.class).routes()) {
            out.put(Ip4.str(x.network()) + "/" + x.length(), (x.interArea() ? "IA " : "") + x.cost());
        }
        return out;
    }

    /** The routes {@code show ip ospf route} printed: prefix to "cost" or "IA cost". */
    static Map<String, String> printed(List<String> lines) {
        Map<String, String> out = new TreeMap<>();
        Pattern p = Pattern.compile("N (IA|  ) (\\S+) +\\[(\\d+)\\] area: .*");
        for (String l : lines) {
            Matcher m = p.matcher(l);
            if (m.matches()) {
                out.put(m.group(2), (m.group(1).equals("IA") ? "IA " : "") + m.group(3));
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void the_models_own_numbers_are_the_ones_the_example_explains() {
        assertThat(expected("a1", false)).containsEntry("10.0.2.0/24", "IA 40").containsEntry("10.0.1.0/24", "10");
        assertThat(expected("a1", true)).containsEntry("10.0.2.0/24", "IA 60");
        assertThat(expected("b1", true)).containsEntry("10.0.2.0/24", "IA 50");
    }

    @Test
    void every_router_computed_the_routes_the_model_gives_after_the_failure() {
        for (String r : AREAS.keySet()) {
            assertThat(actual(r)).as(r).isEqualTo(expected(r, true));
            assertThat(actual(r)).as(r).hasSize(9);
        }
    }

    @Test
    void a1s_show_ip_ospf_route_matches_the_model_before_and_after_and_lists_the_border_routers() {
        List<String> before = run.block("a1", "vtysh -c \"show ip ospf route\"", 0);
        assertThat(printed(before)).isEqualTo(expected("a1", false));
        assertThat(before).containsSequence("N IA 10.0.2.0/24           [40] area: 0.0.0.1",
                "                           via 10.1.1.2, eth1");
        assertThat(before).containsSequence("N    10.0.1.0/24           [10] area: 0.0.0.1",
                "                           directly attached to eth0");
        assertThat(before).containsSequence("============ OSPF router routing table =============",
                "R    10.255.0.1            [10] area: 0.0.0.1, ABR", "                           via 10.1.1.2, eth1",
                "R    10.255.0.3            [30] area: 0.0.0.1, ABR", "                           via 10.1.3.3, eth2", "",
                "============ OSPF external routing table ===========", "");
        List<String> after = run.block("a1", "vtysh -c \"show ip ospf route\"", 1);
        assertThat(printed(after)).isEqualTo(expected("a1", true));
    }

    @Test
    void show_ip_route_installs_inter_area_routes_as_ospf() {
        List<String> rt = run.block("a1", "vtysh -c \"show ip route\"", 0);
        assertThat(rt).contains("O>* 10.0.2.0/24 [110/40] via 10.1.1.2, eth1, weight 1, 00:00:29");
        assertThat(rt).contains("O   10.0.1.0/24 [110/10] is directly connected, eth0, weight 1, 00:00:45");
    }

    @Test
    void a1s_database_has_area_1s_router_lsas_and_the_summaries_of_b1_and_b3() {
        List<String> db = run.block("a1", "vtysh -c \"show ip ospf database\"", 0);
        assertThat(db.subList(0, 6)).containsExactly("", "       OSPF Router with ID (10.255.1.1)", "",
                "                Router Link States (Area 0.0.0.1)", "",
                "Link ID         ADV Router      Age  Seq#       CkSum  Link count");
        assertThat(db.get(6)).matches("10\\.255\\.0\\.1     10\\.255\\.0\\.1     +\\d+ 0x8000000\\d 0x[0-9a-f]{4} 2");
        assertThat(db.get(8)).matches("10\\.255\\.1\\.1     10\\.255\\.1\\.1     +\\d+ 0x8000000\\d 0x[0-9a-f]{4} 5");
        assertThat(db.subList(9, 13)).containsExactly("", "                Summary Link States (Area 0.0.0.1)", "",
                "Link ID         ADV Router      Age  Seq#       CkSum  Route");
        assertThat(db.get(13)).matches("10\\.0\\.2\\.0       10\\.255\\.0\\.1     +\\d+ 0x8000000\\d 0x[0-9a-f]{4} 10\\.0\\.2\\.0/24");
        assertThat(db.get(14)).startsWith("10.0.2.0       10.255.0.3  ");
        // every network outside area 1, once from each of its two border routers
        assertThat(db.subList(13, db.size()).stream().filter(l -> l.matches("\\d.* 10\\.\\d+\\.\\d+\\.0/24"))).hasSize(14);
        assertThat(db.subList(db.size() - 2, db.size())).containsExactly("", "");
        List<String> b1 = run.block("b1", "vtysh -c \"show ip ospf database\"", 0);
        assertThat(b1).contains("                Router Link States (Area 0.0.0.0)", "                Summary Link States (Area 0.0.0.0)",
                "                Router Link States (Area 0.0.0.1)", "                Summary Link States (Area 0.0.0.1)");
        assertThat(b1.indexOf("                Summary Link States (Area 0.0.0.0)"))
                .isLessThan(b1.indexOf("                Router Link States (Area 0.0.0.1)"));
    }

    @Test
    void show_ip_ospf_on_b1_says_it_is_an_abr_with_two_areas() {
        List<String> o = run.block("b1", "vtysh -c \"show ip ospf\"", 0);
        assertThat(o.subList(0, 3)).containsExactly("", " OSPF Routing Process, Router ID: 10.255.0.1",
                " Supports only single TOS (TOS0) routes");
        assertThat(o).containsSequence(" Administrative distance 110", " This router is an ABR, ABR type is: Alternative Cisco",
                " Number of external LSA 0. Checksum Sum 0x00000000", " Number of opaque AS LSA 0. Checksum Sum 0x00000000",
                " Number of areas attached to this router: 2", " All adjacency changes are logged",
                " Area ID: 0.0.0.0 (Backbone)", "   Number of interfaces in this area: Total: 2, Active: 2",
                "   Number of fully adjacent neighbors in this area: 2", "   Area has no authentication");
        assertThat(o).containsSequence(" Area ID: 0.0.0.1", "   Shortcutting mode: Default, S-bit consensus: no",
                "   Number of interfaces in this area: Total: 1, Active: 1",
                "   Number of fully adjacent neighbors in this area: 1", "   Area has no authentication",
                "   Number of full virtual adjacencies going through this area: 0");
        Ospf b1 = run.world().node("b1").service(Ospf.class);
        assertThat(b1.isAbr()).isTrue();
        assertThat(run.world().node("a1").service(Ospf.class).isAbr()).isFalse();
    }

    @Test
    void the_routers_of_each_area_hold_identical_databases_and_border_routers_set_the_b_bit() {
        assertThat(db("a1", 1)).isEqualTo(db("b1", 1)).isEqualTo(db("b3", 1)).isNotEmpty();
        assertThat(db("a2", 2)).isEqualTo(db("b2", 2)).isEqualTo(db("b4", 2)).isNotEmpty();
        assertThat(db("b1", 0)).isEqualTo(db("b2", 0)).isEqualTo(db("b3", 0)).isEqualTo(db("b4", 0)).isNotEmpty();
        assertThat(db("a1", 0)).isEmpty();
        Ospf a1 = run.world().node("a1").service(Ospf.class);
        for (Ospf.LsaView l : a1.database()) {
            assertThat(l.area()).isEqualTo(1);
        }
        for (Area a : run.world().node("b2").service(Ospf.class).areas.values()) {
            for (Ospf.Entry e : a.lsdb.values()) {
                if (e.lsa().type() == Lsa.ROUTER) {
                    String r = Ip4.str(e.lsa().advRouter());
                    assertThat(e.lsa().routerFlags() & Lsa.FLAG_B).as(r).isEqualTo(r.startsWith("10.255.0.") ? 1 : 0);
                }
            }
        }
    }

    private static List<String> db(String node, int area) {
        return run.world().node(node).service(Ospf.class).databaseContents(area);
    }

    @Test
    void traceroute_crosses_the_areas_and_moves_to_b3_and_b4_after_the_failure() {
        List<String> h1 = run.terminal("h1");
        String text = String.join("\n", h1);
        assertThat(text).contains(" 1  10.0.1.1  2.001 ms  2.002 ms  2.003 ms\n 2  10.1.1.2  12.004 ms  12.005 ms  12.005 ms\n"
                + " 3  10.0.12.2  22.006 ms  22.007 ms  22.008 ms\n 4  10.2.2.1  32.009 ms  32.010 ms  32.010 ms\n"
                + " 5  10.0.2.10  34.012 ms  34.012 ms  34.013 ms");
        assertThat(text).contains("3 packets transmitted, 3 received, 0% packet loss");
        // b3 and b4 answer from the interfaces their routes back to h1 leave by (b3's toward a1, in area 1)
        assertThat(text).endsWith(" 2  10.1.1.2  12.004 ms  12.005 ms  12.005 ms\n 3  10.1.3.3  17.006 ms  17.006 ms  17.007 ms\n"
                + " 4  10.0.34.4  27.008 ms  27.009 ms  27.010 ms\n 5  10.2.4.1  37.011 ms  37.012 ms  37.012 ms\n"
                + " 6  10.0.2.10  39.014 ms  39.006 ms  39.006 ms");
    }

    @Test
    void the_trace_records_each_border_routers_summaries_and_their_new_metrics_after_the_failure() {
        List<TraceEvent> start = run.events(e -> e.is(OspfEvents.SUMMARY) && e.node().equals("b1")
                && e.get(OspfEvents.PREFIX).equals("10.0.2.0/24"));
        assertThat(start.get(0).get(OspfEvents.AREA)).isEqualTo("0.0.0.1");
        assertThat(start.get(0).get(OspfEvents.REASON)).isEqualTo("new route");
        assertThat(start.get(0).get(OspfEvents.LSA)).isEqualTo("summary 10.0.2.0 10.255.0.1");
        assertThat(start.get(0).num(OspfEvents.METRIC)).isEqualTo(30);
        TraceEvent last = start.get(start.size() - 1);
        assertThat(last.time()).isGreaterThanOrEqualTo(60 * S);
        assertThat(last.num(OspfEvents.METRIC)).isEqualTo(50);
        assertThat(last.get(OspfEvents.REASON)).isEqualTo("cost or mask changed");
        // the summaries of the failed link's network are flushed once the routers know it is gone
        assertThat(run.events(e -> e.is(OspfEvents.SUMMARY) && e.get(OspfEvents.PREFIX).equals("10.0.12.0/24")
                && e.get(OspfEvents.REASON).equals("route gone: flushed"))).extracting(TraceEvent::node)
                .containsExactlyInAnyOrder("b1", "b2", "b3", "b4");
        // non-border routers originate none
        assertThat(run.events(e -> e.is(OspfEvents.SUMMARY) && e.node().startsWith("a"))).isEmpty();
        TraceEvent spf = run.events(e -> e.is(OspfEvents.SPF) && e.node().equals("b1")).get(0);
        assertThat(spf.get(OspfEvents.AREA)).isEqualTo("0.0.0.0,0.0.0.1");
    }

    @Test
    void tshark_decodes_every_capture_cleanly_with_the_summary_lsas_and_the_area_ids() throws Exception {
        Oracles.tshark();
        for (Path p : run.pcaps()) {
            Tshark.assertClean(p);
        }
        // one interface of each kind: area 1 (a1's and b1's ends), the backbone, area 2 (b2's and a2's ends)
        Map<String, String> areaOf = Map.of("a1-eth1", "0.0.0.1", "b1-eth0", "0.0.0.1", "b1-eth2", "0.0.0.0",
                "b3-eth2", "0.0.0.0", "b2-eth2", "0.0.0.2", "a2-eth1", "0.0.0.2");
        int summaries = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(areaOf).entrySet()) {
            Path p = run.dir().resolve(e.getKey() + ".pcap");
            List<Map<String, String>> rows = Tshark.fields(p, "ospf", "ospf.area_id", "ospf.msg", "ospf.lsa",
                    "_ws.malformed", "_ws.expert.severity");
            assertThat(rows).as(e.getKey()).isNotEmpty();
            for (Map<String, String> row : rows) {
                assertThat(row.get("ospf.area_id")).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(row.get("_ws.malformed")).isEmpty();
                assertThat(row.get("_ws.expert.severity")).as(e.getKey()).doesNotContain("6291456", "8388608"); // warning, error
                if (row.get("ospf.msg").equals("4")) {
                    summaries += (int) Stream.of(row.get("ospf.lsa").split(",")).filter("3"::equals).count();
                }
            }
        }
        assertThat(summaries).isGreaterThan(10);
        Path a1 = run.dir().resolve("a1-eth1.pcap");
        // b1's first summary of h2's network into area 1: its cost 30 (10 to b2, 10 to a2, 10 onto the LAN)
        List<Map<String, String>> rows = Tshark.fields(a1, "ospf.msg == 4 && ospf.lsa == 3 && ospf.lsa.id == 10.0.2.0"
                + " && ospf.advrouter == 10.255.0.1", "ospf.lsa.asbr.netmask", "ospf.metric");
        assertThat(rows.get(0)).containsEntry("ospf.lsa.asbr.netmask", "255.255.255.0").containsEntry("ospf.metric", "30");
    }

    @Test
    void every_captured_packet_and_lsa_checksum_holds_by_the_tests_own_arithmetic() throws Exception {
        int summaries = 0;
        for (byte[] l : PcapOspf.checkedLsas(run.pcaps())) {
            if (l[3] == 3) {
                assertThat(PcapOspf.u16(l, 18)).isEqualTo(28).isEqualTo(l.length);
                summaries++;
            }
        }
        assertThat(summaries).isGreaterThan(20);
    }

    @Test
    void two_runs_give_byte_identical_output_and_trace() {
        run.assertRerunIdentical();
    }
}
