package dev.minternet.routing;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.ip.RouteProvider;
import dev.minternet.link.Link;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Global route computation: shortest paths by link cost over the whole topology, as an ideal
 * link-state protocol would converge to, computed once per topology change (a link going down or
 * coming back). Like ns-3's global routing, but computed to prefixes, not to every host:
 *
 * <ul>
 *   <li>a host with a single interface (a leaf) needs no computation: its route is "default via
 *       the other end of its link";</li>
 *   <li>every other node (routers, multi-homed hosts) runs Dijkstra over the graph of non-leaf
 *       nodes only, where hosts are never transit;</li>
 *   <li>each prefix in the world (every interface's subnet) is owned by the non-leaf nodes
 *       attached to it (a leaf's subnet by the router it hangs off); a node reaches a prefix
 *       through its nearest owner.</li>
 * </ul>
 * So 100,000 hosts on 317 routers cost 317 small Dijkstra runs and a 317 x 317 table, not
 * 100,000 x 100,000 routes. Forwarding looks up the destination in one shared table of address
 * ranges ({@link PrefixRanges}: the prefixes covering it, longest first), then picks the nearest
 * owner from the per-node distance row. Ties break on node order, so the result is deterministic.
 */
public final class GlobalRouting {
    private static final int INF = Integer.MAX_VALUE;

    private final World world;
    private int computations;

    // Computed state.
    private int coreCount;
    private Node[] core;
    private PrefixRanges ranges;
    private int[] prefixNet;
    private int[] prefixLen;
    private int[][] owners;
    private int[][] dist;
    private NetInterface[][] firstHop;

    private GlobalRouting(World world) {
        this.world = world;
    }

    /** Computes routes for every node of {@code world} and recomputes whenever a link changes state. */
    public static GlobalRouting install(World world) {
        GlobalRouting g = new GlobalRouting(world);
        g.compute();
        Consumer<Link> recompute = x -> g.compute(); // one listener for every link
        for (Link l : world.links()) {
            l.onStateChange(recompute);
        }
        return g;
    }

    public int computations() {
        return computations;
    }

    /** Recomputes every node's routes from the current topology. */
    public void compute() {
        computations++;
        List<Node> all = new ArrayList<>(world.nodes());
        Map<Node, Integer> coreIndex = new IdentityHashMap<>();
        List<Node> coreList = new ArrayList<>();
        boolean anyIp6 = false;
        int interfaces = 0;
        for (Node n : all) {
            interfaces += n.ip().interfaces().size();
            if (!isLeaf(n) && !n.ip().interfaces().isEmpty()) {
                coreIndex.put(n, coreList.size());
                coreList.add(n);
            }
            anyIp6 |= n.hasIp6();
        }
        coreCount = coreList.size();
        core = coreList.toArray(new Node[0]);
        // The node of an IP stack. IPv4 asks it only to find a core node at a link's far end, so
        // the core nodes are enough, and a leaf's stack maps to nothing, as a leaf maps to no core
        // index: a world of a million hosts on a thousand routers then fills a map of a thousand,
        // not of a million (half of the routes' computation was that map's misses). IPv6 asks
        // whether any node has it on: it gets every node.
        Map<Object, Node> nodeOf = new IdentityHashMap<>();
        for (Node n : anyIp6 ? all : coreList) {
            nodeOf.put(n.ip(), n);
        }

        // IPv4 crosses every link but those with IPv6 alone at an end.
        int[][][] fh4 = new int[1][][];
        NetInterface[][][] hop4 = new NetInterface[1][][];
        shortestPaths(nodeOf, coreIndex, anyIp6 ? i -> i.cidr() != null || !ipv6(nodeOf, i) : i -> true, fh4, hop4);
        dist = fh4[0];
        firstHop = hop4[0];

        // Prefixes and their owners.
        PrefixIds prefixes = new PrefixIds(interfaces);
        List<int[]> ownerLists = new ArrayList<>();
        int[] nets = new int[16];
        int[] lens = new int[16];
        int count = 0;
        for (Node n : all) {
            // a leaf is in no map: it needs no hash of its own (a million hosts, a million fewer)
            Integer self = isLeaf(n) ? null : coreIndex.get(n);
            for (NetInterface i : n.ip().interfaces()) {
                if (i.cidr() == null) {
                    continue; // a DHCP client's interface before its lease: no subnet yet
                }
                int net = i.cidr().network();
                int len = i.cidr().length();
                int pid = prefixes.idOf(net, len, count);
                if (pid == count) {
                    count++;
                    if (pid == nets.length) {
                        nets = Arrays.copyOf(nets, pid * 2);
                        lens = Arrays.copyOf(lens, pid * 2);
                    }
                    nets[pid] = net;
                    lens[pid] = len;
                    ownerLists.add(new int[0]);
                }
                ownerLists.set(pid, addOwner(ownerLists.get(pid), owner(self, i, nodeOf, coreIndex)));
            }
        }
        prefixNet = Arrays.copyOf(nets, count);
        prefixLen = Arrays.copyOf(lens, count);
        owners = ownerLists.toArray(new int[0][]);
        // The same owners, one array: a router's hosts' prefixes all have it alone (24 bytes a host of a large world).
        IntArrays distinct = new IntArrays();
        for (int p = 0; p < count; p++) {
            owners[p] = distinct.intern(owners[p]);
        }
        ranges = PrefixRanges.of(prefixNet, prefixLen, owners, count);

        // Install a provider on every node.
        for (Node n : all) {
            n.enterRegion(); // what a node's new routes set off (outside events) is its own region's
            Integer c = isLeaf(n) ? null : coreIndex.get(n);
            if (c != null) {
                n.ip().setRouteProvider(new CoreView(c));
            } else if (n.ip().interfaces().size() == 1 && n.ip().interfaces().get(0).cidr() != null) {
                // (an interface with no address yet is a DHCP client's: its default route comes from the lease)
                n.ip().setRouteProvider(new LeafView(n.ip().interfaces().get(0)));
            }
        }
        if (anyIp6) {
            GlobalRouting6.install(this, all, nodeOf, coreIndex);
        }
        if (world.trace().enabled()) {
            world.trace().emit("-", RoutingEvents.COMPUTED, "global", coreCount, count, computations);
        }
    }

    /**
     * Numbers the prefixes of a world's interfaces: an open-addressing table sized once for all
     * of them (every interface's prefix may be new), so that a million hosts' subnets are numbered
     * without the table growing twenty times over, each time moving what it held.
     */
    private static final class PrefixIds {
        private final long[] keys;
        private final int[] ids;

        PrefixIds(int expected) {
            int capacity = Integer.highestOneBit(Math.max(8, expected) * 2 - 1) << 1; // at most half full
            keys = new long[capacity];
            ids = new int[capacity];
            Arrays.fill(keys, -1);
        }

        /** The number of prefix {@code net/len}; a new one gets {@code next}. */
        int idOf(int net, int len, int next) {
            long k = ((net & 0xffff_ffffL) << 6) | len;
            int mask = keys.length - 1;
            long h = k * 0x9E3779B97F4A7C15L;
            for (int i = (int) (h ^ (h >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (keys[i] == k) {
                    return ids[i];
                }
                if (keys[i] == -1) {
                    keys[i] = k;
                    ids[i] = next;
                    return next;
                }
            }
        }
    }

    /** Whether IPv6 is on at interface {@code i} of its node. */
    static boolean ipv6(Map<Object, Node> nodeOf, NetInterface i) {
        Node n = nodeOf.get(i.ip());
        return n != null && n.hasIp6() && n.ip6().iface(i) != null;
    }

    /**
     * The core node that owns the subnet of {@code n}'s interface {@code i}: {@code n} itself, or
     * for a leaf the node at the other end of its link; -1 when the interface is down or there is none.
     */
    static int owner(Node n, NetInterface i, Map<Object, Node> nodeOf, Map<Node, Integer> coreIndex) {
        return owner(coreIndex.get(n), i, nodeOf, coreIndex);
    }

    /** The same, with {@code self} the core index of the interface's node (null: none). */
    private static int owner(Integer self, NetInterface i, Map<Object, Node> nodeOf, Map<Node, Integer> coreIndex) {
        if (!i.isUp()) {
            return -1;
        }
        Integer o = self;
        if (o == null && i.peer() != null) {
            o = coreIndex.get(nodeOf.get(i.peer().ip()));
        }
        return o == null ? -1 : o;
    }

    /** {@code cur} with owner {@code o} added once (-1 adds nothing). */
    static int[] addOwner(int[] cur, int o) {
        if (o < 0) {
            return cur;
        }
        for (int x : cur) {
            if (x == o) {
                return cur;
            }
        }
        int[] nx = Arrays.copyOf(cur, cur.length + 1);
        nx[cur.length] = o;
        return nx;
    }

    /**
     * The owner of a prefix nearest to core node {@code self} by distances {@code d}: -2 when
     * {@code self} owns it (directly connected), -1 when no owner is reachable. Ties go to the
     * owner found first, so the result is deterministic.
     */
    static int nearest(int self, int[] prefixOwners, int[] d) {
        int best = -1;
        int bestDist = INF;
        for (int o : prefixOwners) {
            if (o == self) {
                return -2;
            }
            if (d[o] < bestDist) {
                bestDist = d[o];
                best = o;
            }
        }
        return best;
    }

    int coreCount() {
        return coreCount;
    }

    Node core(int c) {
        return core[c];
    }

    /**
     * Dijkstra from every core node over the links that are up and whose interfaces pass
     * {@code usable}; hosts are endpoints, never transit. Fills {@code distOut[0]} and {@code hopOut[0]}
     * (per source: distance and first-hop interface to every core node).
     */
    void shortestPaths(Map<Object, Node> nodeOf, Map<Node, Integer> coreIndex, Predicate<NetInterface> usable,
                       int[][][] distOut, NetInterface[][][] hopOut) {
        // Adjacency (CSR) among core nodes over links that are up: one pass over their interfaces
        // (an edge router of a large world has a thousand, each asking its far end's node).
        int[] start = new int[coreCount + 1];
        int[] to = new int[16];
        int[] cost = new int[16];
        NetInterface[] via = new NetInterface[16];
        int m = 0;
        for (int c = 0; c < coreCount; c++) {
            for (NetInterface i : core[c].ip().interfaces()) {
                if (i.isUp() && i.peer() != null && usable.test(i)) {
                    Integer p = coreIndex.get(nodeOf.get(i.peer().ip()));
                    if (p != null) {
                        if (m == to.length) {
                            to = Arrays.copyOf(to, m * 2);
                            cost = Arrays.copyOf(cost, m * 2);
                            via = Arrays.copyOf(via, m * 2);
                        }
                        to[m] = p;
                        cost[m] = i.link().cost();
                        via[m] = i;
                        m++;
                    }
                }
            }
            start[c + 1] = m;
        }

        // Shortest paths from every core node; hosts are endpoints, never transit.
        int[][] dists = new int[coreCount][];
        NetInterface[][] hops = new NetInterface[coreCount][];
        long[] heap = new long[Math.max(16, start[coreCount] + coreCount)];
        for (int s = 0; s < coreCount; s++) {
            int[] d = new int[coreCount];
            NetInterface[] fh = new NetInterface[coreCount];
            Arrays.fill(d, INF);
            d[s] = 0;
            int hs = 0;
            heap[hs++] = ((long) 0 << 32) | s;
            boolean[] done = new boolean[coreCount];
            while (hs > 0) {
                long top = heap[0];
                heap[0] = heap[--hs];
                siftDown(heap, hs);
                int u = (int) top;
                if (done[u]) {
                    continue;
                }
                done[u] = true;
                if (u != s && core[u].kind() != Node.Kind.ROUTER) {
                    continue; // a host is reachable but does not forward
                }
                for (int k = start[u]; k < start[u + 1]; k++) {
                    int v = to[k];
                    long nd = (long) d[u] + cost[k];
                    if (nd < d[v]) {
                        d[v] = (int) Math.min(nd, INF - 1);
                        fh[v] = u == s ? via[k] : fh[u];
                        if (hs == heap.length) {
                            heap = Arrays.copyOf(heap, hs * 2);
                        }
                        heap[hs++] = ((long) d[v] << 32) | v;
                        siftUp(heap, hs - 1);
                    }
                }
            }
            dists[s] = d;
            hops[s] = fh;
        }
        distOut[0] = dists;
        hopOut[0] = hops;
    }

    private static boolean isLeaf(Node n) {
        return n.kind() == Node.Kind.HOST && n.ip().interfaces().size() == 1;
    }

    private static void siftUp(long[] h, int i) {
        long x = h[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (h[p] <= x) {
                break;
            }
            h[i] = h[p];
            i = p;
        }
        h[i] = x;
    }

    private static void siftDown(long[] h, int n) {
        if (n == 0) {
            return;
        }
        int i = 0;
        long x = h[0];
        while (true) {
            int c = 2 * i + 1;
            if (c >= n) {
                break;
            }
            if (c + 1 < n && h[c + 1] < h[c]) {
                c++;
            }
            if (h[c] >= x) {
                break;
            }
            h[i] = h[c];
            i = c;
        }
        h[i] = x;
    }

    /** Routes of a router or multi-homed host. */
    private final class CoreView implements RouteProvider {
        private final int self;
        /**
         * The routes last made, by prefix modulo its size (a router forwards to a few prefixes at
         * a time): everything a route is made from is fixed until the next {@link #compute}, which
         * installs new views, so a route found here is the one {@link #routeTo} would make, but
         * for the gateway's address, read again. Allocated at the first lookup.
         */
        private Route[] made;
        /**
         * Forwarding's routes ({@link #forwardingLookup}), by outgoing interface's index: a router
         * forwards each datagram to a prefix of its own, so a route made for each would be most
         * of what a large world's run allocates. Allocated at the first lookup.
         */
        private Route[] hops;

        CoreView(int self) {
            this.self = self;
        }

        /** The longest prefix covering {@code dst} that this node reaches through another (not one it owns). */
        @Override
        public Route lookup(int dst) {
            int[] d = dist[self];
            for (int pid : ranges.covering(dst)) {
                Route r = cachedRouteTo(dst & Ip4.mask(prefixLen[pid]), pid, d);
                if (r != null) {
                    return r;
                }
            }
            return null;
        }

        /**
         * {@link #lookup}'s route with the network left out (0): one per outgoing interface, length
         * and metric, kept until the neighbour's address changes.
         */
        @Override
        public Route forwardingLookup(int dst) {
            int[] d = dist[self];
            for (int pid : ranges.covering(dst)) {
                int best = reachedOwner(pid, d);
                if (best >= 0) {
                    return hop(firstHop[self][best], prefixLen[pid], d[best]);
                }
            }
            return null;
        }

        private Route hop(NetInterface out, int len, int metric) {
            int k = out.index();
            if (hops == null || k >= hops.length) {
                hops = Arrays.copyOf(hops == null ? new Route[0] : hops, k + 1);
            }
            Route r = hops[k];
            int gateway = out.peer().address();
            if (r == null || r.iface() != out || r.length() != len || r.metric() != metric || r.gateway() != gateway) {
                r = new Route(0, len, out, gateway, metric, "global");
                hops[k] = r;
            }
            return r;
        }

        /** The route to prefix {@code net} of the length and owners of prefix {@code pid}. */
        private Route cachedRouteTo(int net, int pid, int[] d) {
            if (made == null) {
                made = new Route[16];
            }
            int len = prefixLen[pid];
            int slot = len == 0 ? 0 : (net >>> (32 - len)) & (made.length - 1); // neighbouring prefixes apart
            Route r = made[slot];
            if (r != null && r.network() == net && r.length() == len && r.gateway() == r.iface().peer().address()) {
                return r;
            }
            r = routeTo(net, pid, d);
            if (r != null) {
                made[slot] = r;
            }
            return r;
        }

        /**
         * The nearest owner of prefix {@code pid} this node reaches through another, or -1: when it
         * owns the prefix itself (directly connected: its own table has it) or none is in reach.
         */
        private int reachedOwner(int pid, int[] d) {
            int best = nearest(self, owners[pid], d);
            return best < 0 || d[best] == INF ? -1 : best;
        }

        private Route routeTo(int net, int pid, int[] d) {
            int best = reachedOwner(pid, d);
            if (best < 0) {
                return null;
            }
            NetInterface out = firstHop[self][best];
            return new Route(net, prefixLen[pid], out, out.peer().address(), d[best], "global");
        }

        @Override
        public List<Route> routes() {
            List<Route> l = new ArrayList<>();
            int[] d = dist[self];
            for (int pid = 0; pid < prefixNet.length; pid++) {
                Route r = routeTo(prefixNet[pid], pid, d);
                if (r != null) {
                    l.add(r);
                }
            }
            l.sort((a, b) -> Long.compare(Integer.toUnsignedLong(a.network()), Integer.toUnsignedLong(b.network())));
            return l;
        }
    }

    /** A single-homed host: everything goes to the other end of its one link. */
    private static final class LeafView implements RouteProvider {
        private final Route def;

        LeafView(NetInterface only) {
            this.def = new Route(0, 0, only, only.peer() == null ? 0 : only.peer().address(), 0, "global");
        }

        @Override
        public Route lookup(int dst) {
            return def.iface().isUp() ? def : null;
        }

        @Override
        public List<Route> routes() {
            return List.of(def);
        }
    }
}
