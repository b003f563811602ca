package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Six routers on three LANs and four point-to-point links, with per-interface costs (a LAN is
 * left at the sender's cost, so costs differ by direction): after convergence every router's
 * OSPF routes are those of the test's own Dijkstra, which treats a LAN as a full mesh (RFC 2328's
 * network vertex at cost 0 out gives the same paths); again after a DR crashes. And the DR/BDR
 * election by priority, then router ID, without pre-emption.
 */
class OspfLanMeshTest {
    /** Segment K (10.K.0.0/24, router r at 10.K.0.r): {router, cost} pairs; three or more members make a LAN. */
    static final int[][][] SEGMENTS = {
        {{1, 10}, {2, 4}, {3, 6}},
        {{1, 3}, {4, 3}, {5, 8}},
        {{3, 2}, {4, 2}},
        {{2, 7}, {5, 7}},
        {{4, 1}, {6, 1}},
        {{3, 5}, {5, 5}, {6, 5}},
        {{5, 9}, {6, 9}},
    };

    static String scenario(String timeline) {
        StringBuilder sb = new StringBuilder("name: lanmesh\nseed: 4\nduration: 60s\nnodes:\n");
        for (int r = 1; r <= 6; r++) {
            sb.append("  - name: r").append(r).append("\n    kind: router\n    ospf:\n      router-id: 10.255.0.").append(r)
                    .append("\n      hello: 2s\n      interfaces:\n");
            for (int k = 0; k < SEGMENTS.length; k++) {
                for (int[] m : SEGMENTS[k]) {
                    if (m[0] == r) {
                        sb.append("        - {name: s").append(k + 1).append(", cost: ").append(m[1]).append("}\n");
                    }
                }
            }
        }
        StringBuilder links = new StringBuilder("links:\n");
        StringBuilder lans = new StringBuilder("lans:\n");
        for (int k = 0; k < SEGMENTS.length; k++) {
            int[][] s = SEGMENTS[k];
            if (s.length == 2) {
                links.append("  - {name: p").append(k + 1).append(", a: r").append(s[0][0]).append(":s").append(k + 1)
                        .append(" 10.").append(k + 1).append(".0.").append(s[0][0]).append("/24, b: r").append(s[1][0])
                        .append(":s").append(k + 1).append(" 10.").append(k + 1).append(".0.").append(s[1][0])
                        .append("/24, delay: 1ms}\n");
            } else {
                lans.append("  - switch: sw").append(k + 1).append("\n    delay: 100us\n    ports:\n");
                for (int[] m : s) {
                    lans.append("      - r").append(m[0]).append(":s").append(k + 1).append(" 10.").append(k + 1).append(".0.")
                            .append(m[0]).append("/24\n");
                }
            }
        }
        return sb.append(links).append(lans).append("timeline:\n").append(timeline).toString();
    }

    /** Per live router, per prefix it is not on, the gateways of every shortest path. */
    static Map<Integer, Map<String, TreeSet<String>>> dijkstra(Set<Integer> dead) {
        Map<Integer, Map<String, TreeSet<String>>> out = new TreeMap<>();
        for (int src = 1; src <= 6; src++) {
            if (dead.contains(src)) {
                continue;
            }
            ShortestPaths p = ShortestPaths.from(src, 6, v -> {
                List<ShortestPaths.Edge> edges = new ArrayList<>();
                for (int k = 0; k < SEGMENTS.length; k++) {
                    int cost = -1;
                    for (int[] m : SEGMENTS[k]) {
                        if (m[0] == v) {
                            cost = m[1];
                        }
                    }
                    if (cost < 0) {
                        continue;
                    }
                    for (int[] m : SEGMENTS[k]) {
                        int w = m[0];
                        if (w == v || dead.contains(w)) {
                            continue;
                        }
                        edges.add(new ShortestPaths.Edge(w, cost, "10." + (k + 1) + ".0." + w));
                    }
                }
                return edges;
            });
            long[] dist = p.dist;
            List<TreeSet<String>> hops = p.hops;
            Map<String, TreeSet<String>> routes = new TreeMap<>();
            for (int k = 0; k < SEGMENTS.length; k++) {
                long best = Long.MAX_VALUE;
                TreeSet<String> gw = new TreeSet<>();
                boolean own = false;
                for (int[] m : SEGMENTS[k]) {
                    own |= m[0] == src;
                    if (dead.contains(m[0]) || dist[m[0]] == Long.MAX_VALUE) {
                        continue;
                    }
                    long c = dist[m[0]] + m[1];
                    if (c < best) {
                        best = c;
                        gw = new TreeSet<>(hops.get(m[0]));
                    } else if (c == best) {
                        gw.addAll(hops.get(m[0]));
                    }
                }
                if (!own && best != Long.MAX_VALUE) {
                    routes.put("10." + (k + 1) + ".0.0/24", gw);
                }
            }
            out.put(src, routes);
        }
        return out;
    }

    static Map<Integer, Map<String, TreeSet<String>>> installed(Runs.Result r, Set<Integer> dead) {
        Map<Integer, Map<String, TreeSet<String>>> out = new TreeMap<>();
        for (int i = 1; i <= 6; i++) {
            if (dead.contains(i)) {
                continue;
            }
            Node n = r.world().node("r" + i);
            Map<String, TreeSet<String>> routes = new TreeMap<>();
            for (Route route : n.ip().table().routes()) {
                if (route.proto().equals(Ospf.PROTO)) {
                    routes.computeIfAbsent(Ip4.str(route.network()) + "/" + route.length(), x -> new TreeSet<>())
                            .add(Ip4.str(route.gateway()));
                }
            }
            out.put(i, routes);
        }
        return out;
    }

    @Test
    void routes_over_lans_and_links_are_the_shortest_paths_with_every_equal_cost_next_hop() {
        Runs.Result r = Runs.run(scenario(""));
        Map<Integer, Map<String, TreeSet<String>>> expected = dijkstra(Set.of());
        assertThat(installed(r, Set.of())).isEqualTo(expected);
        assertThat(expected.values().stream().flatMap(m -> m.values().stream()).anyMatch(s -> s.size() > 1)).isTrue();
        List<String> db = r.world().node("r1").service(Ospf.class).databaseContents();
        assertThat(db).hasSize(6 + 3); // six Router-LSAs, one Network-LSA per LAN
        for (int i = 2; i <= 6; i++) {
            assertThat(r.world().node("r" + i).service(Ospf.class).databaseContents()).isEqualTo(db);
        }
    }

    @Test
    void after_a_dr_crashes_the_routes_are_the_shortest_paths_without_it() {
        // r3 has the highest router ID on sw1 (all priorities 1): it is DR there; dead interval 8 s
        Runs.Result r = Runs.run(scenario("  - {at: 30s, crash: r3}\n"));
        Ospf r1 = r.world().node("r1").service(Ospf.class);
        assertThat(r1.interfaces().stream().filter(i -> i.iface().name().equals("s1")).findFirst().orElseThrow().drId())
                .isEqualTo(Ip4.parse("10.255.0.2"));
        assertThat(installed(r, Set.of(3))).isEqualTo(dijkstra(Set.of(3)));
    }

    static String lan(String priorities, String timeline) {
        String[] p = priorities.split(",");
        StringBuilder sb = new StringBuilder("name: election\nseed: 2\nduration: 90s\nnodes:\n");
        for (int r = 1; r <= p.length; r++) {
            sb.append("  - {name: r").append(r).append(", kind: router, ospf: {router-id: 10.255.0.").append(r)
                    .append(", interfaces: [{name: eth0, priority: ").append(p[r - 1].strip()).append("}]}}\n");
        }
        sb.append("lans:\n  - switch: sw1\n    ports:\n");
        for (int r = 1; r <= p.length; r++) {
            sb.append("      - r").append(r).append(":eth0 10.0.0.").append(r).append("/24\n");
        }
        return sb.append("timeline:\n").append(timeline).toString();
    }

    /** Each router's view of the segment: state, DR and BDR router IDs (last octet). */
    static List<String> views(Runs.Result r, int routers) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= routers; i++) {
            Ospf.InterfaceView v = r.world().node("r" + i).service(Ospf.class).interfaces().get(0);
            out.add(v.state() + " " + (v.drId() & 0xff) + "/" + (v.bdrId() & 0xff));
        }
        return out;
    }

    @Test
    void equal_priorities_elect_the_highest_router_ids_and_priority_0_is_never_elected() {
        Runs.Result r = Runs.run(lan("1, 1, 1, 0", ""));
        assertThat(views(r, 4)).containsExactly("DROther 3/2", "Backup 3/2", "DR 3/2", "DROther 3/2");
    }

    @Test
    void a_higher_priority_beats_a_higher_router_id() {
        Runs.Result r = Runs.run(lan("7, 3, 1, 1", ""));
        assertThat(views(r, 4)).containsExactly("DR 1/2", "Backup 1/2", "DROther 1/2", "DROther 1/2");
        // DROthers r3 and r4 stay 2-Way with each other; everyone else is Full
        assertThat(r.world().node("r3").service(Ospf.class).neighbors()).extracting(n -> n.state() + "/" + n.role())
                .containsExactly("Full/DR", "Full/Backup", "2-Way/DROther");
    }

    @Test
    void a_router_with_a_higher_priority_joining_later_does_not_take_over() {
        Runs.Result r = Runs.run(lan("1, 1, 1, 200", "  - {at: 0s, crash: r4}\n  - {at: 50s, restore: r4}\n"));
        assertThat(views(r, 4)).containsExactly("DROther 3/2", "Backup 3/2", "DR 3/2", "DROther 3/2");
    }

    @Test
    void the_same_scenario_and_seed_give_the_same_trace() {
        assertThat(Runs.run(scenario("  - {at: 30s, crash: r3}\n")).json())
                .isEqualTo(Runs.run(scenario("  - {at: 30s, crash: r3}\n")).json());
    }
}
