package dev.minternet.routing.ospf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.testing.Runs;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Six routers in a mesh with mixed costs (ties included): after convergence every router's OSPF
 * routes are exactly what the test's own Dijkstra finds on the costs, equal-cost next hops
 * included; again after a link fails; every router's database is the same.
 */
class OspfMeshTest {
    /** a, b, cost: link K joins routers a and b as 10.K.0.a/24 and 10.K.0.b/24 (K = index + 1). */
    static final int[][] LINKS = {
        {1, 2, 10}, {1, 3, 5}, {2, 3, 3}, {2, 4, 7}, {3, 5, 4}, {4, 5, 2}, {4, 6, 1}, {5, 6, 9}, {1, 6, 20}, {2, 5, 8},
    };

    static String scenario(String timeline) {
        StringBuilder sb = new StringBuilder("name: mesh\nseed: 3\nduration: 90s\nnodes:\n");
        for (int r = 1; r <= 6; r++) {
            sb.append("  - name: r").append(r).append("\n    kind: router\n    ospf:\n      router-id: 10.255.0.").append(r)
                    .append("\n      interfaces:\n");
            for (int k = 0; k < LINKS.length; k++) {
                if (LINKS[k][0] == r || LINKS[k][1] == r) {
                    sb.append("        - {name: l").append(k + 1).append(", cost: ").append(LINKS[k][2]).append("}\n");
                }
            }
        }
        sb.append("links:\n");
        for (int k = 0; k < LINKS.length; k++) {
            int a = LINKS[k][0];
            int b = LINKS[k][1];
            sb.append("  - {name: link").append(k + 1).append(", a: r").append(a).append(":l").append(k + 1).append(" 10.")
                    .append(k + 1).append(".0.").append(a).append("/24, b: r").append(b).append(":l").append(k + 1)
                    .append(" 10.").append(k + 1).append(".0.").append(b).append("/24, delay: ").append(k + 1).append("ms}\n");
        }
        sb.append("timeline:\n").append(timeline);
        return sb.toString();
    }

    /** Per router, per prefix (not its own), the gateways of every shortest path, by the test's Dijkstra. */
    static Map<Integer, Map<String, TreeSet<String>>> dijkstra(int failed) {
        Map<Integer, Map<String, TreeSet<String>>> out = new TreeMap<>();
        for (int src = 1; src <= 6; src++) {
            ShortestPaths p = ShortestPaths.from(src, 6, v -> {
                List<ShortestPaths.Edge> edges = new ArrayList<>();
                for (int k = 0; k < LINKS.length; k++) {
                    if (k + 1 == failed || (LINKS[k][0] != v && LINKS[k][1] != v)) {
                        continue;
                    }
                    int w = LINKS[k][0] == v ? LINKS[k][1] : LINKS[k][0];
                    edges.add(new ShortestPaths.Edge(w, LINKS[k][2], "10." + (k + 1) + ".0." + w));
                }
                return edges;
            });
            long[] dist = p.dist;
            List<TreeSet<String>> hops = p.hops;
            Map<String, TreeSet<String>> routes = new TreeMap<>();
            for (int k = 0; k < LINKS.length; k++) {
                if (k + 1 == failed || LINKS[k][0] == src || LINKS[k][1] == src) {
                    continue;
                }
                long best = Long.MAX_VALUE;
                TreeSet<String> gw = new TreeSet<>();
                for (int end : new int[] {LINKS[k][0], LINKS[k][1]}) {
                    if (dist[end] == Long.MAX_VALUE) {
                        continue;
                    }
                    long c = dist[end] + LINKS[k][2];
                    if (c < best) {
                        best = c;
                        gw = new TreeSet<>(hops.get(end));
                    } else if (c == best) {
                        gw.addAll(hops.get(end));
                    }
                }
                routes.put("10." + (k + 1) + ".0.0/24", gw);
            }
            out.put(src, routes);
        }
        return out;
    }

    static Map<Integer, Map<String, TreeSet<String>>> installed(Runs.Result r) {
        Map<Integer, Map<String, TreeSet<String>>> out = new TreeMap<>();
        for (int i = 1; i <= 6; i++) {
            Node n = r.world().node("r" + i);
            Map<String, TreeSet<String>> routes = new TreeMap<>();
            for (Route route : n.ip().table().routes()) {
                if (route.proto().equals(Ospf.PROTO)) {
                    assertThat(route.metric()).isEqualTo(Ospf.KERNEL_METRIC);
                    routes.computeIfAbsent(Ip4.str(route.network()) + "/" + route.length(), x -> new TreeSet<>())
                            .add(Ip4.str(route.gateway()));
                }
            }
            out.put(i, routes);
        }
        return out;
    }

    @Test
    void routes_are_the_shortest_paths_on_the_costs_with_every_equal_cost_next_hop() {
        Runs.Result r = Runs.run(scenario(""));
        Map<Integer, Map<String, TreeSet<String>>> expected = dijkstra(0);
        assertThat(installed(r)).isEqualTo(expected);
        // the mesh has ties: some prefix is reached over two next hops
        assertThat(expected.values().stream().flatMap(m -> m.values().stream()).anyMatch(s -> s.size() > 1)).isTrue();
        List<String> db = r.world().node("r1").service(Ospf.class).databaseContents();
        assertThat(db).hasSize(6);
        for (int i = 2; i <= 6; i++) {
            assertThat(r.world().node("r" + i).service(Ospf.class).databaseContents()).isEqualTo(db);
        }
    }

    @Test
    void after_a_link_fails_the_routes_are_the_shortest_paths_without_it() {
        Runs.Result r = Runs.run(scenario("  - {at: 50s, fail-link: link7}\n"));
        assertThat(installed(r)).isEqualTo(dijkstra(7));
    }

    @Test
    void the_same_scenario_and_seed_give_the_same_trace() {
        assertThat(Runs.run(scenario("  - {at: 50s, fail-link: link3}\n")).json())
                .isEqualTo(Runs.run(scenario("  - {at: 50s, fail-link: link3}\n")).json());
    }

}
