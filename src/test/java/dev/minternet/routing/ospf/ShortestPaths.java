package dev.minternet.routing.ospf;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The mesh tests' own Dijkstra over routers 1..n: from one source, each router's distance and the
 * gateways (first-hop addresses) of every shortest path to it, equal-cost next hops included.
 */
final class ShortestPaths {
    /** An edge out of a router to router {@code to} at {@code cost}; {@code address} is {@code to}'s on that segment. */
    record Edge(int to, long cost, String address) {
    }

    /** Per router (index 1..n), its distance from the source; {@code Long.MAX_VALUE} when unreachable. */
    final long[] dist;
    /** Per router (index 1..n), the gateways of its shortest paths from the source. */
    final List<TreeSet<String>> hops;

    private ShortestPaths(int routers) {
        dist = new long[routers + 1];
        hops = new ArrayList<>();
        for (int i = 0; i <= routers; i++) {
            dist[i] = Long.MAX_VALUE;
            hops.add(new TreeSet<>());
        }
    }

    /** The shortest paths from {@code src} over {@code routers} routers, whose edges out of router v are {@code edges(v)}. */
    static ShortestPaths from(int src, int routers, IntFunction<List<Edge>> edges) {
        ShortestPaths p = new ShortestPaths(routers);
        long[] dist = p.dist;
        dist[src] = 0;
        boolean[] done = new boolean[routers + 1];
        for (int round = 0; round < routers; round++) {
            int v = -1;
            for (int i = 1; i <= routers; i++) {
                if (!done[i] && dist[i] != Long.MAX_VALUE && (v < 0 || dist[i] < dist[v])) {
                    v = i;
                }
            }
            if (v < 0) {
                break;
            }
            done[v] = true;
            for (Edge e : edges.apply(v)) {
                int w = e.to();
                long d = dist[v] + e.cost();
                TreeSet<String> h = v == src ? new TreeSet<>(List.of(e.address())) : p.hops.get(v);
                if (d < dist[w]) {
                    dist[w] = d;
                    p.hops.set(w, new TreeSet<>(h));
                } else if (d == dist[w]) {
                    p.hops.get(w).addAll(h);
                }
            }
        }
        return p;
    }
}
