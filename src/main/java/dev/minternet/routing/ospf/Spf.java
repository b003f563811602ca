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
 * Router-LSAs and Network-LSAs (a point-to-point link counts only when both ends list it, a transit
 * link only when the network lists the router), next hops as 16.1.1 sets them, equal-cost ones
 * kept together, then the transit and stub networks (16.1 step 2). A pure function of the database and the
 * router's own interfaces; {@link Ospf} throttles, installs and traces it.
 */
final class Spf {
    /** The routes found by prefix key, how many routers the tree reached, and those routers (the root left out). */
    record Result(TreeMap<Long, OspfRoute> routes, int treeSize, TreeMap<Integer, Area.RouterPath> routers) {
    }

    private Spf() {
    }

    /** A network vertex's key: its link state ID with bit 32 set, apart from the routers' IDs. */
    private static final long NET = 1L << 32;

    private static boolean linksBack(Lsa w, int type, int v) {
        for (Lsa.Link l : w.links()) {
            if (l.type() == type && l.id() == v) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs SPF for router {@code rid}; {@code routerLsa} gives a live Router-LSA by router ID and
     * {@code networkLsa} a live Network-LSA by link state ID (null when absent or at MaxAge); the
     * routes are of area {@code area}, changed at {@code now}. A next hop with gateway 0.0.0.0
     * stands for "on the network itself" (a network vertex the root attaches to, 16.1.1); a router
     * beyond it gets its own interface address on that network as the gateway.
     */
    static Result run(int rid, int area, IntFunction<Lsa> routerLsa, IntFunction<Lsa> networkLsa, List<Iface> ifaces,
                      long now) {
        Map<Long, Integer> dist = new HashMap<>();
        Map<Long, TreeSet<NextHop>> hops = new HashMap<>();
        Set<Long> tree = new HashSet<>();
        List<Long> order = new ArrayList<>();
        int routers = 0;
        // 16.1 step 3: on a tie a network vertex goes first, so that the equal-cost paths through it are all found
        PriorityQueue<long[]> queue = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0])
                : (a[1] & NET) != (b[1] & NET) ? Long.compare(b[1] & NET, a[1] & NET) : Long.compare(a[1], b[1]));
        long root = Integer.toUnsignedLong(rid);
        if (routerLsa.apply(rid) != null) {
            dist.put(root, 0);
            hops.put(root, new TreeSet<>());
            queue.add(new long[] {0, root});
        }
        while (!queue.isEmpty()) {
            long[] top = queue.poll();
            long v = top[1];
            if (tree.contains(v) || top[0] != dist.get(v)) {
                continue;
            }
            tree.add(v);
            order.add(v);
            if ((v & NET) != 0) {
                Lsa net = networkLsa.apply((int) v);
                for (int r : net.attached()) {
                    long w = Integer.toUnsignedLong(r);
                    Lsa lw = routerLsa.apply(r);
                    if (lw == null || tree.contains(w) || !linksBack(lw, Lsa.LINK_TRANSIT, net.id())) {
                        continue;
                    }
                    TreeSet<NextHop> nh = new TreeSet<>();
                    for (NextHop h : hops.get(v)) {
                        if (h.gateway() != 0) {
                            nh.add(h);
                            continue;
                        }
                        for (Lsa.Link l : lw.links()) { // the parent network connects the root to w directly
                            if (l.type() == Lsa.LINK_TRANSIT && l.id() == net.id()) {
                                nh.add(new NextHop(h.iface(), l.data()));
                            }
                        }
                    }
                    relax(dist, hops, queue, w, dist.get(v), nh);
                }
                continue;
            }
            routers++;
            Lsa lv = routerLsa.apply((int) v);
            for (Lsa.Link link : lv.links()) {
                long w;
                TreeSet<NextHop> nh = new TreeSet<>();
                if (link.type() == Lsa.LINK_P2P) {
                    w = Integer.toUnsignedLong(link.id());
                    Lsa lw = routerLsa.apply(link.id());
                    if (lw == null || !linksBack(lw, Lsa.LINK_P2P, (int) v) || tree.contains(w)) {
                        continue;
                    }
                    if (v == root) {
                        for (Iface i : ifaces) {
                            Neighbor n = i.nbrs.get(link.id());
                            if (i.up && i.nic.address() == link.data() && n != null) {
                                nh.add(new NextHop(i.nic, n.address));
                            }
                        }
                    }
                } else if (link.type() == Lsa.LINK_TRANSIT) {
                    w = NET | Integer.toUnsignedLong(link.id());
                    Lsa lw = networkLsa.apply(link.id());
                    if (lw == null || !lw.attached().contains((int) v) || tree.contains(w)) {
                        continue;
                    }
                    if (v == root) {
                        for (Iface i : ifaces) {
                            if (i.up && i.nic.address() == link.data()) {
                                nh.add(new NextHop(i.nic, 0));
                            }
                        }
                    }
                } else {
                    continue;
                }
                if (v == root && nh.isEmpty()) {
                    continue;
                }
                relax(dist, hops, queue, w, dist.get(v) + link.metric(), v == root ? nh : hops.get(v));
            }
        }
        TreeMap<Long, int[]> best = new TreeMap<>();
        TreeMap<Long, TreeSet<NextHop>> bestHops = new TreeMap<>();
        TreeMap<Long, NetInterface> connected = new TreeMap<>();
        for (long v : order) {
            List<Lsa.Link> stubs = new ArrayList<>();
            if ((v & NET) != 0) {
                Lsa net = networkLsa.apply((int) v); // 16.1 step 2: the transit network itself, at its vertex's cost
                stubs.add(new Lsa.Link(net.id() & net.mask(), net.mask(), Lsa.LINK_STUB, 0));
            } else {
                stubs = routerLsa.apply((int) v).links();
            }
            for (Lsa.Link link : stubs) {
                if (link.type() != Lsa.LINK_STUB) {
                    continue;
                }
                int len = Integer.bitCount(link.data());
                int net = link.id() & link.data();
                long key = (Integer.toUnsignedLong(net) << 6) | len;
                int cost = dist.get(v) + link.metric();
                NetInterface own = null;
                if (v == root || (v & NET) != 0) {
                    for (Iface i : ifaces) {
                        if (i.up && i.nic.cidr().network() == net && i.nic.cidr().length() == len
                                && (v == root || hops.get(v).contains(new NextHop(i.nic, 0)))) {
                            own = i.nic;
                        }
                    }
                }
                TreeSet<NextHop> via = new TreeSet<>();
                for (NextHop h : hops.get(v)) {
                    if (h.gateway() != 0) {
                        via.add(h);
                    }
                }
                int[] cur = best.get(key);
                if (cur == null || cost < cur[0]) {
                    best.put(key, new int[] {cost});
                    bestHops.put(key, via);
                    if (own != null) {
                        connected.put(key, own);
                    } else {
                        connected.remove(key);
                    }
                } else if (cost == cur[0] && !connected.containsKey(key)) {
                    bestHops.get(key).addAll(via);
                }
            }
        }
        TreeMap<Long, OspfRoute> next = new TreeMap<>();
        for (Map.Entry<Long, int[]> e : best.entrySet()) {
            long key = e.getKey();
            int net = (int) (key >>> 6);
            int len = (int) (key & 63);
            NetInterface own = connected.get(key);
            List<NextHop> nh = own != null ? List.of() : List.copyOf(bestHops.get(key));
            if (own == null && nh.isEmpty()) {
                continue;
            }
            next.put(key, new OspfRoute(net, len, e.getValue()[0], own, nh, now, area, false));
        }
        TreeMap<Integer, Area.RouterPath> reached = new TreeMap<>(Integer::compareUnsigned);
        for (long v : order) {
            if ((v & NET) == 0 && v != root) {
                TreeSet<NextHop> via = new TreeSet<>();
                for (NextHop h : hops.get(v)) {
                    if (h.gateway() != 0) {
                        via.add(h);
                    }
                }
                reached.put((int) v, new Area.RouterPath(dist.get(v), List.copyOf(via),
                        routerLsa.apply((int) v).routerFlags()));
            }
        }
        return new Result(next, routers, reached);
    }

    /** Dijkstra's relaxation: a shorter path replaces the next hops, an equal one adds to them. */
    private static void relax(Map<Long, Integer> dist, Map<Long, TreeSet<NextHop>> hops, PriorityQueue<long[]> queue,
                              long w, int d, TreeSet<NextHop> nh) {
        Integer old = dist.get(w);
        if (old == null || d < old) {
            dist.put(w, d);
            hops.put(w, new TreeSet<>(nh));
            queue.add(new long[] {d, w});
        } else if (d == old) {
            hops.get(w).addAll(nh);
        }
    }
}
