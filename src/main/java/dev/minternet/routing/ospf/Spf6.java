package dev.minternet.routing.ospf;

import dev.minternet.routing.ospf.Ospf6.Hop;
import dev.minternet.routing.ospf.Ospf6.Route;
import dev.minternet.wire.Ip6;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * OSPFv3's route calculation (RFC 5340 4.8): Dijkstra over the Router-LSAs and Network-LSAs as
 * in RFC 2328 16.1 (a link counts only when the other end lists it back), a network vertex named
 * by its DR's router ID and Interface ID, next hops as 4.8.1 sets them (a neighbour's link-local
 * address, read from its Link-LSA for the link), then the prefixes of the Intra-Area-Prefix-LSAs
 * at the cost of the vertex they reference plus their metric (4.8.3), equal-cost next hops kept
 * together.
 */
final class Spf6 {
    record Result(TreeMap<Lsa6.Prefix, Route> routes, int treeSize, int changed) {
    }

    /** A vertex: a router (ifaceId 0, net false) or a transit network (its DR's router ID and Interface ID). */
    private record V(boolean net, int rid, int ifaceId) implements Comparable<V> {
        @Override
        public int compareTo(V o) {
            if (net != o.net) {
                return net ? -1 : 1; // 16.1 step 3: on a tie a network vertex goes first
            }
            return rid != o.rid ? Integer.compareUnsigned(rid, o.rid) : Integer.compareUnsigned(ifaceId, o.ifaceId);
        }
    }

    private record Item(int dist, V v) implements Comparable<Item> {
        @Override
        public int compareTo(Item o) {
            return dist != o.dist ? Integer.compare(dist, o.dist) : v.compareTo(o.v);
        }
    }

    private final Ospf6 o;
    private final Map<V, Integer> dist = new HashMap<>();
    private final Map<V, TreeSet<Hop>> hops = new HashMap<>();
    private final PriorityQueue<Item> queue = new PriorityQueue<>();

    Spf6(Ospf6 o) {
        this.o = o;
    }

    private Lsa router(int rid) {
        return o.live(new Lsa.Key(Lsa6.ROUTER, 0, rid));
    }

    private static boolean linksBack(Lsa w, int type, int nbrRid, int nbrIfaceId) {
        for (Lsa6.Link l : Lsa6.links(w)) {
            if (l.type() == type && l.nbrRouterId() == nbrRid && (type == Lsa6.LINK_P2P || l.nbrIfaceId() == nbrIfaceId)) {
                return true;
            }
        }
        return false;
    }

    /** Router {@code rid}'s link-local address on the link where its Interface ID is {@code ifaceId} (its Link-LSA), or a neighbour's hello source. */
    private Ip6 linkLocal(Iface i, int rid, int ifaceId) {
        Lsa l = o.live(new Lsa.Key(Lsa6.LINK, ifaceId, rid));
        if (l != null) {
            return Lsa6.linkLocal(l);
        }
        Neighbor n = i.nbrs.get(rid);
        return n == null ? null : (Ip6) n.linkAddress;
    }

    private Iface iface(int ifaceId) {
        for (Iface i : o.ifaces) {
            if (i.up && Ospf6.ifaceId(i) == ifaceId) {
                return i;
            }
        }
        return null;
    }

    Result run(Map<Lsa6.Prefix, Route> previous, long now) {
        V root = new V(false, o.rid, 0);
        Set<V> tree = new HashSet<>();
        List<V> order = new ArrayList<>();
        if (router(o.rid) != null) {
            relax(root, 0, new TreeSet<>());
        }
        int routers = 0;
        while (!queue.isEmpty()) {
            Item top = queue.poll();
            V v = top.v();
            if (tree.contains(v) || top.dist() != dist.get(v)) {
                continue;
            }
            tree.add(v);
            order.add(v);
            if (v.net()) {
                Lsa net = o.live(new Lsa.Key(Lsa6.NETWORK, v.ifaceId(), v.rid()));
                for (int r : Lsa6.attached(net)) {
                    V w = new V(false, r, 0);
                    Lsa lw = router(r);
                    if (lw == null || tree.contains(w) || !linksBack(lw, Lsa6.LINK_TRANSIT, v.rid(), v.ifaceId())) {
                        continue;
                    }
                    TreeSet<Hop> nh = new TreeSet<>();
                    for (Hop h : hops.get(v)) {
                        if (h.gateway() != null) {
                            nh.add(h);
                            continue;
                        }
                        for (Lsa6.Link l : Lsa6.links(lw)) { // the root is on this network: w's own address on it (4.8.1)
                            Ip6 ll = l.type() == Lsa6.LINK_TRANSIT && l.nbrRouterId() == v.rid()
                                    && l.nbrIfaceId() == v.ifaceId() ? linkLocal(byNic(h), r, l.ifaceId()) : null;
                            if (ll != null) {
                                nh.add(new Hop(h.iface(), ll));
                            }
                        }
                    }
                    relax(w, dist.get(v), nh);
                }
                continue;
            }
            routers++;
            for (Lsa6.Link link : Lsa6.links(router(v.rid()))) {
                V w;
                TreeSet<Hop> nh = new TreeSet<>();
                Iface mine = v.equals(root) ? iface(link.ifaceId()) : null;
                if (link.type() == Lsa6.LINK_P2P) {
                    w = new V(false, link.nbrRouterId(), 0);
                    Lsa lw = router(link.nbrRouterId());
                    if (lw == null || tree.contains(w) || !linksBack(lw, Lsa6.LINK_P2P, v.rid(), 0)) {
                        continue;
                    }
                    Ip6 ll = mine == null ? null : linkLocal(mine, link.nbrRouterId(), link.nbrIfaceId());
                    if (ll != null) {
                        nh.add(new Hop(mine.nic, ll));
                    }
                } else if (link.type() == Lsa6.LINK_TRANSIT) {
                    w = new V(true, link.nbrRouterId(), link.nbrIfaceId());
                    Lsa lw = o.live(new Lsa.Key(Lsa6.NETWORK, link.nbrIfaceId(), link.nbrRouterId()));
                    if (lw == null || tree.contains(w) || !Lsa6.attached(lw).contains(v.rid())) {
                        continue;
                    }
                    if (mine != null) {
                        nh.add(new Hop(mine.nic, null));
                    }
                } else {
                    continue;
                }
                if (v.equals(root) && nh.isEmpty()) {
                    continue;
                }
                relax(w, dist.get(v) + link.metric(), v.equals(root) ? nh : hops.get(v));
            }
        }
        return prefixes(root, tree, previous, now, routers);
    }

    private Iface byNic(Hop h) {
        for (Iface i : o.ifaces) {
            if (i.nic == h.iface()) {
                return i;
            }
        }
        return null;
    }

    /** 4.8.3: each Intra-Area-Prefix-LSA's prefixes at its referenced vertex's cost plus the prefix's metric. */
    private Result prefixes(V root, Set<V> tree, Map<Lsa6.Prefix, Route> previous, long now, int routers) {
        TreeMap<Lsa6.Prefix, Integer> best = new TreeMap<>();
        TreeMap<Lsa6.Prefix, TreeSet<Hop>> via = new TreeMap<>();
        TreeSet<Lsa6.Prefix> connected = new TreeSet<>();
        for (OspfCore.Entry e : o.lsdb().values()) {
            Lsa l = e.lsa();
            if (l.type() != Lsa6.INTRA_PREFIX || e.age(now) >= Lsa.MAX_AGE) {
                continue;
            }
            V v = Lsa6.refType(l) == Lsa6.ROUTER ? new V(false, Lsa6.refAdv(l), 0)
                    : Lsa6.refType(l) == Lsa6.NETWORK ? new V(true, Lsa6.refAdv(l), Lsa6.refId(l)) : null;
            if (v == null || !tree.contains(v) || Lsa6.refAdv(l) != l.advRouter()) {
                continue;
            }
            boolean direct = v.equals(root) || hops.get(v).stream().anyMatch(h -> h.gateway() == null);
            for (Lsa6.Prefix p : Lsa6.prefixes(l)) {
                Lsa6.Prefix key = new Lsa6.Prefix(p.prefix(), p.length(), 0);
                int cost = dist.get(v) + p.metric();
                TreeSet<Hop> nh = new TreeSet<>();
                hops.get(v).stream().filter(h -> h.gateway() != null).forEach(nh::add);
                Integer cur = best.get(key);
                if (cur == null || cost < cur) {
                    best.put(key, cost);
                    via.put(key, nh);
                    if (direct && onLink(key)) {
                        connected.add(key);
                    } else {
                        connected.remove(key);
                    }
                } else if (cost == cur && !connected.contains(key)) {
                    via.get(key).addAll(nh);
                }
            }
        }
        TreeMap<Lsa6.Prefix, Route> next = new TreeMap<>();
        int changed = 0;
        for (Map.Entry<Lsa6.Prefix, Integer> e : best.entrySet()) {
            Lsa6.Prefix p = e.getKey();
            boolean conn = connected.contains(p);
            List<Hop> nh = conn ? onLinkHops(p) : List.copyOf(via.get(p));
            if (nh.isEmpty()) {
                continue;
            }
            Route prev = previous.get(p);
            long since = prev != null && prev.cost() == e.getValue() && prev.connected() == conn && prev.hops().equals(nh)
                    ? prev.sinceNs() : now;
            if (since == now) {
                changed++;
            }
            next.put(p, new Route(p.prefix(), p.length(), e.getValue(), nh, conn, since));
        }
        for (Lsa6.Prefix k : previous.keySet()) {
            if (!next.containsKey(k)) {
                changed++;
            }
        }
        return new Result(next, routers, changed);
    }

    /** Whether one of the router's own OSPF interfaces holds an address in {@code p}. */
    private boolean onLink(Lsa6.Prefix p) {
        return !onLinkHops(p).isEmpty();
    }

    private List<Hop> onLinkHops(Lsa6.Prefix p) {
        List<Hop> out = new ArrayList<>();
        for (Iface i : o.ifaces) {
            var v6 = o.ip6().iface(i.nic);
            if (i.up && v6 != null && v6.addresses().stream().anyMatch(a -> !a.linkLocal()
                    && a.cidr().length() == p.length() && a.cidr().network().equals(p.prefix()))) {
                out.add(new Hop(i.nic, null));
            }
        }
        return out;
    }

    /** Dijkstra's relaxation: a shorter path replaces the next hops, an equal one adds to them. */
    private void relax(V w, int d, TreeSet<Hop> nh) {
        Integer old = dist.get(w);
        if (old == null || d < old) {
            dist.put(w, d);
            hops.put(w, new TreeSet<>(nh));
            queue.add(new Item(d, w));
        } else if (d == old) {
            hops.get(w).addAll(nh);
        }
    }
}
