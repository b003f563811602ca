package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import dev.minternet.routing.ospf.OspfRoute.NextHop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * The shortest-path calculation of RFC 2328 16.1 over one area's database: Dijkstra over the
 * Router-LSAs (a point-to-point link counts only when both ends list it), equal-cost next hops
 * kept together, then the stub networks (16.1 step 2). A pure function of the database and the
 * router's own interfaces; {@link Ospf} throttles, installs and traces it.
 */
final class Spf {
    /** The routes found by prefix key, how many routers the tree reached and how many routes changed. */
    record Result(TreeMap<Long, OspfRoute> routes, int treeSize, int changed) {
    }

    private Spf() {
    }

    private static boolean linksBack(Lsa w, int v) {
        for (Lsa.Link l : w.links()) {
            if (l.type() == Lsa.LINK_P2P && l.id() == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs SPF for router {@code rid}; {@code routerLsa} gives a live Router-LSA by router ID (null
     * when absent or at MaxAge); a route equal to its {@code previous} instance keeps its age.
     */
    static Result run(int rid, IntFunction<Lsa> routerLsa, List<Ospf.Iface> ifaces, Map<Long, OspfRoute> previous,
                      long now) {
        Map<Integer, Integer> dist = new HashMap<>();
        Map<Integer, TreeSet<NextHop>> hops = new HashMap<>();
        Set<Integer> tree = new HashSet<>();
        List<Integer> order = new ArrayList<>();
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : Long.compare(a[1], b[1]));
        if (routerLsa.apply(rid) != null) {
            dist.put(rid, 0);
            hops.put(rid, new TreeSet<>());
            queue.add(new long[] {0, Integer.toUnsignedLong(rid)});
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            int v = (int) top[1];
            if (tree.contains(v) || top[0] != dist.get(v)) {
                continue;
            }
            tree.add(v);
            order.add(v);
            Lsa lv = routerLsa.apply(v);
            for (Lsa.Link link : lv.links()) {
                if (link.type() != Lsa.LINK_P2P) {
                    continue;
                }
                int w = link.id();
                Lsa lw = routerLsa.apply(w);
                if (lw == null || !linksBack(lw, v) || tree.contains(w)) {
                    continue;
                }
                int d = dist.get(v) + link.metric();
                TreeSet<NextHop> nh;
                if (v == rid) {
                    nh = new TreeSet<>();
                    for (Ospf.Iface i : ifaces) {
                        if (i.up && i.nic.address() == link.data() && i.nbr != null && i.nbr.routerId == w) {
                            nh.add(new NextHop(i.nic, i.nbr.address));
                        }
                    }
                    if (nh.isEmpty()) {
                        continue;
                    }
                } else {
                    nh = hops.get(v);
                }
                Integer old = dist.get(w);
                if (old == null || d < old) {
                    dist.put(w, d);
                    hops.put(w, new TreeSet<>(nh));
                    queue.add(new long[] {d, Integer.toUnsignedLong(w)});
                } else if (d == old) {
                    hops.get(w).addAll(nh);
                }
            }
        }
        TreeMap<Long, int[]> best = new TreeMap<>();
        TreeMap<Long, TreeSet<NextHop>> bestHops = new TreeMap<>();
        TreeMap<Long, NetInterface> connected = new TreeMap<>();
        for (int v : order) {
            for (Lsa.Link link : routerLsa.apply(v).links()) {
                if (link.type() != Lsa.LINK_STUB) {
                    continue;
                }
                int len = Integer.bitCount(link.data());
                int net = link.id() & link.data();
                long key = (Integer.toUnsignedLong(net) << 6) | len;
                int cost = dist.get(v) + link.metric();
                NetInterface own = null;
                if (v == rid) {
                    for (Ospf.Iface i : ifaces) {
                        if (i.up && i.nic.cidr().network() == net && i.nic.cidr().length() == len) {
                            own = i.nic;
                        }
                    }
                }
                int[] cur = best.get(key);
                if (cur == null || cost < cur[0]) {
                    best.put(key, new int[] {cost});
                    bestHops.put(key, new TreeSet<>(hops.get(v)));
                    if (own != null) {
                        connected.put(key, own);
                    } else {
                        connected.remove(key);
                    }
                } else if (cost == cur[0] && !connected.containsKey(key)) {
                    bestHops.get(key).addAll(hops.get(v));
                }
            }
        }
        TreeMap<Long, OspfRoute> next = new TreeMap<>();
        int changed = 0;
        for (Map.Entry<Long, int[]> e : best.entrySet()) {
            long key = e.getKey();
            int net = (int) (key >>> 6);
            int len = (int) (key & 63);
            NetInterface own = connected.get(key);
            List<NextHop> nh = own != null ? List.of() : List.copyOf(bestHops.get(key));
            if (own == null && nh.isEmpty()) {
                continue;
            }
            OspfRoute prev = previous.get(key);
            long since = now;
            if (prev != null && prev.cost() == e.getValue()[0] && prev.connected() == own && prev.nextHops().equals(nh)) {
                since = prev.sinceNs();
            } else {
                changed++;
            }
            next.put(key, new OspfRoute(net, len, e.getValue()[0], own, nh, since));
        }
        for (Long k : previous.keySet()) {
            if (!next.containsKey(k)) {
                changed++;
            }
        }
        return new Result(next, tree.size(), changed);
    }
}
