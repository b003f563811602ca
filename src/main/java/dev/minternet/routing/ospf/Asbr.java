package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.routing.ospf.OspfRoute.NextHop;
import dev.minternet.sim.Timer;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * AS-external routes (RFC 2328) and NSSA-external ones (RFC 3101). An AS boundary router
 * originates an AS-external-LSA (type 5) for each route it redistributes (12.4.4: FRR's
 * {@code redistribute connected|static [metric-type 1|2] [metric M]}, forwarding address 0.0.0.0),
 * flooded to every area but the stub ones and the NSSAs, and an NSSA-external-LSA (type 7, 2.3) into
 * each NSSA it is attached to, with the P bit (unless it originates the type 5 itself, being attached
 * to a normal area too) and its own address in the NSSA as forwarding address. An NSSA border router
 * originates the default type 7 into its NSSA (2.7, P bit clear), and the NSSA's elected translator a
 * type 5 for each P-bit type 7 with a forwarding address (3.2: same mask, metric, type and forwarding
 * address; the translator as advertising router).
 *
 * <p>The routes every router computes from them (16.4, RFC 3101 2.5): through the AS boundary router
 * (reached inside an area with the E bit, or across the backbone through an ASBR-summary-LSA) or,
 * with a forwarding address, through the intra- or inter-area route to that address (a type 7's:
 * an intra-area route of its NSSA); intra- and inter-area routes win over them, type 1 over type 2;
 * between type 1 routes the lower total cost, between type 2 ones the lower metric then the lower
 * distance; between a type 5 and a type 7 at equal distance the P-bit type 7, then the type 5.
 *
 * <p>FRR leaves out the connected networks of OSPF interfaces (ospf_distribute_check_connected) and
 * the default route (it takes {@code default-information originate}, not modelled); so does this.
 */
final class Asbr {
    private final Ospf ospf;
    /** Runs {@link #update} again when a changed LSA had to wait for MinLSInterval. */
    private final Timer deferred;
    /** The last sequence number of each AS-external-LSA originated in this life (AS scope: one counter, not per area). */
    private final TreeMap<Lsa.Key, Integer> seqs = new TreeMap<>();
    /** External LSAs to originate anew even if unchanged (an instance of an earlier life came back, 13.4), by area. */
    private final Set<String> forced = new TreeSet<>();
    /** The AS boundary routers the last route calculation reached, by router ID. */
    private TreeMap<Integer, Path> paths = new TreeMap<>(Integer::compareUnsigned);

    /** A route to an AS boundary router: inside {@code area}, or inter-area through a type-4 summary of it. */
    record Path(int cost, List<NextHop> nextHops, int area, boolean interArea) {
    }

    Asbr(Ospf ospf) {
        this.ospf = ospf;
        this.deferred = new Timer(ospf.sim(), this::update);
    }

    void clear() {
        forced.clear();
        deferred.cancel();
        paths = new TreeMap<>(Integer::compareUnsigned);
    }

    void booting() {
        seqs.clear();
        clear();
    }

    /** Whether this router redistributes routes into OSPF (an AS boundary router: the E bit in its Router-LSAs). */
    boolean isAsbr() {
        return !ospf.config().redistribute().isEmpty();
    }

    /** A normal area: its database holds the AS-external-LSAs (every normal area's does), or null. */
    Area home() {
        for (Area a : ospf.areas.values()) {
            if (!a.noExternals()) {
                return a;
            }
        }
        return null;
    }

    /** The AS-external-LSAs in the database, in database order. */
    List<Lsa> externals(long now) {
        Area h = home();
        return h == null ? List.of() : h.ofType(Lsa.EXTERNAL, now);
    }

    Map<Integer, Path> paths() {
        return paths;
    }

    private static long key(int network, int length) {
        return (Integer.toUnsignedLong(network) << 6) | length;
    }

    // ---------------------------------------------------------------- 16.4: routes from AS-external-LSAs

    /**
     * The routes to the AS boundary routers of the type 5s: those an area's SPF reached with the E
     * bit set (an NSSA's left out: its AS boundary routers speak type 7, RFC 3101 2.5); for the
     * others, the ASBR-summary-LSAs of the backbone (an area border router) or of the router's area,
     * through the area border router that originated it. An intra-area path wins.
     */
    private TreeMap<Integer, Path> asbrPaths(long now) {
        TreeMap<Integer, Path> out = new TreeMap<>(Integer::compareUnsigned);
        for (Area a : ospf.areas.values()) {
            if (a.nssa()) {
                continue;
            }
            for (Map.Entry<Integer, Area.RouterPath> e : a.routers.entrySet()) {
                Area.RouterPath r = e.getValue();
                Path cur = out.get(e.getKey());
                if ((r.flags() & Lsa.FLAG_E) != 0 && !r.nextHops().isEmpty() && (cur == null || r.cost() < cur.cost())) {
                    out.put(e.getKey(), new Path(r.cost(), r.nextHops(), a.id, false));
                }
            }
        }
        TreeMap<Integer, Path> inter = new TreeMap<>(Integer::compareUnsigned);
        boolean abr = ospf.isAbr();
        for (Area a : ospf.areas.values()) {
            if (abr && !a.backbone() || a.noExternals()) {
                continue;
            }
            for (Lsa l : a.ofType(Lsa.ASBR_SUMMARY, now)) {
                int asbr = l.id();
                Area.RouterPath br = a.routers.get(l.advRouter());
                if (l.advRouter() == ospf.rid || l.metric() >= Lsa.LS_INFINITY || asbr == ospf.rid || out.containsKey(asbr)
                        || br == null || !br.border() || br.nextHops().isEmpty()) {
                    continue;
                }
                int cost = br.cost() + l.metric();
                Path cur = inter.get(asbr);
                if (cur == null || cost < cur.cost()) {
                    inter.put(asbr, new Path(cost, br.nextHops(), a.id, true));
                } else if (cost == cur.cost() && cur.area() == a.id) {
                    TreeSet<NextHop> hops = new TreeSet<>(cur.nextHops());
                    hops.addAll(br.nextHops());
                    inter.put(asbr, new Path(cost, List.copyOf(hops), a.id, true));
                }
            }
        }
        out.putAll(inter);
        return out;
    }

    /**
     * One external path to a network: its metric type and LSA metric, the distance to the AS
     * boundary router or forwarding address, and its rank between a type 5 and a type 7 at equal
     * distance (RFC 3101 2.5 step 6(e): 0 a P-bit type 7, 1 a type 5, 2 another type 7).
     */
    private record Candidate(int metricType, int metric, int distance, List<NextHop> hops, int area, boolean nssa,
                             int rank) {
        /** Negative when this path is better than {@code o} (16.4 step 6), 0 when they are equal. */
        int compare(Candidate o) {
            if (metricType != o.metricType) {
                return Integer.compare(metricType, o.metricType);
            }
            if (metricType == 1) {
                return Long.compare((long) distance + metric, (long) o.distance + o.metric);
            }
            return metric != o.metric ? Integer.compare(metric, o.metric) : Integer.compare(distance, o.distance);
        }
    }

    /**
     * The route to the forwarding address {@code fwd} (16.4 step 3): the longest intra- or inter-area
     * match of {@code table} (for a type 7, RFC 3101 2.5: an intra-area route of its NSSA), or null.
     */
    private static OspfRoute toForward(TreeMap<Long, OspfRoute> table, int fwd, Area nssa) {
        OspfRoute best = null;
        for (OspfRoute r : table.values()) {
            if (r.external() || (fwd & Ip4.mask(r.length())) != r.network() || best != null && best.length() >= r.length()) {
                continue;
            }
            if (nssa != null && (r.interArea() || r.area() != nssa.id)) {
                continue;
            }
            best = r;
        }
        return best;
    }

    /**
     * 16.4 and RFC 3101 2.5: {@code table} (the intra- and inter-area routes) with the external
     * routes added: for each AS-external-LSA (and each NSSA's NSSA-external-LSAs) of another router
     * with a metric below LSInfinity whose AS boundary router (and forwarding address) is reachable,
     * for a network no intra- or inter-area route covers, the best path as {@link Candidate#compare}
     * ranks them; equal ones of the same rank share their next hops.
     */
    TreeMap<Long, OspfRoute> external(TreeMap<Long, OspfRoute> table, long now) {
        paths = asbrPaths(now);
        TreeMap<Long, Candidate> best = new TreeMap<>();
        List<Lsa> all = new ArrayList<>(externals(now));
        List<Area> from = new ArrayList<>();
        for (int k = 0; k < all.size(); k++) {
            from.add(null);
        }
        for (Area a : ospf.areas.values()) {
            if (a.nssa()) {
                for (Lsa l : a.ofType(Lsa.NSSA, now)) {
                    all.add(l);
                    from.add(a);
                }
            }
        }
        for (int k = 0; k < all.size(); k++) {
            Lsa l = all.get(k);
            Area nssa = from.get(k);
            if (l.advRouter() == ospf.rid || l.metric() >= Lsa.LS_INFINITY) {
                continue;
            }
            if (nssa != null && l.mask() == 0 && ospf.isAbr()) {
                continue; // RFC 3101 2.5 (1): an NSSA border router ignores the type-7 default
            }
            int distance;
            List<NextHop> hops;
            int area;
            if (nssa == null) {
                Path p = paths.get(l.advRouter());
                if (p == null) {
                    continue;
                }
                distance = p.cost();
                hops = p.nextHops();
                area = p.area();
            } else {
                Area.RouterPath r = nssa.routers.get(l.advRouter());
                if (r == null || r.nextHops().isEmpty()) {
                    continue; // the NSSA's AS boundary router is reached inside the NSSA, or not at all
                }
                distance = r.cost();
                hops = r.nextHops();
                area = nssa.id;
            }
            int fwd = l.forwardingAddress();
            if (fwd != 0) {
                if (ospf.ip().isLocalAddress(fwd)) {
                    continue; // 16.4 step 3: a forwarding address of this router's own
                }
                OspfRoute via = toForward(table, fwd, nssa);
                if (via == null) {
                    continue;
                }
                distance = via.cost();
                hops = via.connected() != null ? List.of(new NextHop(via.connected(), fwd)) : via.nextHops();
                area = via.area();
            }
            int len = Integer.bitCount(l.mask());
            long key = key(l.id() & l.mask(), len);
            if (table.containsKey(key)) {
                continue;
            }
            int rank = nssa == null ? 1 : l.propagate() ? 0 : 2;
            Candidate c = new Candidate(l.externalType2() ? 2 : 1, l.metric(), distance, hops, area, nssa != null, rank);
            Candidate cur = best.get(key);
            int cmp = cur == null ? -1 : c.compare(cur);
            if (cmp == 0 && c.rank != cur.rank) {
                cmp = Integer.compare(c.rank, cur.rank);
            }
            if (cmp > 0) {
                continue;
            }
            if (cmp == 0) {
                TreeSet<NextHop> merged = new TreeSet<>(cur.hops());
                merged.addAll(hops);
                c = new Candidate(c.metricType, c.metric, c.distance, List.copyOf(merged), cur.area(), c.nssa, c.rank);
            }
            best.put(key, c);
        }
        TreeMap<Long, OspfRoute> out = new TreeMap<>(table);
        for (Map.Entry<Long, Candidate> e : best.entrySet()) {
            Candidate c = e.getValue();
            int net = (int) (e.getKey() >>> 6);
            int len = (int) (e.getKey() & 63);
            int cost = c.metricType == 1 ? (int) Math.min(Lsa.LS_INFINITY, (long) c.distance + c.metric) : c.distance;
            out.put(e.getKey(), new OspfRoute(net, len, cost, null, c.hops(), now, c.area(), false,
                    c.metricType == 2 ? c.metric : -1, c.metricType, c.nssa));
        }
        return out;
    }

    // ---------------------------------------------------------------- 12.4.4, RFC 3101 2.3 and 3.2: origination

    /** An external LSA wanted: its options, mask, metric type and metric, forwarding address, and why. */
    private record Want(int options, int mask, int metricType, int metric, int forward, String why) {
    }

    private boolean ospfIface(NetInterface nic) {
        for (Iface i : ospf.ifaces) {
            if (i.nic == nic) {
                return true;
            }
        }
        return false;
    }

    /** The redistributed networks, by key, with their metric type and metric. */
    private TreeMap<Long, OspfConfig.External> redistributed() {
        TreeMap<Long, OspfConfig.External> nets = new TreeMap<>();
        OspfConfig cfg = ospf.config();
        if (cfg.redistribute().isEmpty()) {
            return nets;
        }
        for (Route r : ospf.ip().table().routes()) {
            String what = "kernel".equals(r.proto()) && !ospfIface(r.iface()) ? "connected"
                    : "static".equals(r.proto()) ? "static" : null;
            OspfConfig.External e = what == null ? null : cfg.external(what);
            if (e != null && r.length() > 0 && r.iface().isUp()) {
                nets.putIfAbsent(key(r.network(), r.length()), e);
            }
        }
        return nets;
    }

    /** Adds {@code w} for the network at its link state ID (host bits set on a clash, appendix E). */
    private static void want(TreeMap<Lsa.Key, Want> out, Set<Integer> plain, int type, int rid, long key, Want w) {
        int net = (int) (key >>> 6);
        int id = plain.add(net) ? net : net | ~w.mask();
        out.putIfAbsent(new Lsa.Key(type, id, rid), w);
    }

    /**
     * The external LSAs this router should originate, by area ID (-1: the AS-external-LSAs, AS
     * scope), then key: its redistributed routes, the NSSA default of an NSSA border router, and the
     * translations of the NSSAs it translates.
     */
    private TreeMap<Integer, TreeMap<Lsa.Key, Want>> wanted(long now) {
        TreeMap<Integer, TreeMap<Lsa.Key, Want>> out = new TreeMap<>();
        out.put(-1, new TreeMap<>());
        if (!ospf.running) {
            return out;
        }
        TreeMap<Long, OspfConfig.External> nets = redistributed();
        Area home = home();
        if (home != null) {
            Set<Integer> plain = new TreeSet<>(Integer::compareUnsigned);
            TreeMap<Lsa.Key, Want> five = out.get(-1);
            for (Map.Entry<Long, OspfConfig.External> e : nets.entrySet()) {
                OspfConfig.External x = e.getValue();
                want(five, plain, Lsa.EXTERNAL, ospf.rid, e.getKey(), new Want(Lsa.OPTION_E,
                        Ip4.mask((int) (e.getKey() & 63)), x.metricType(), x.metric(), 0, "redistributed"));
            }
            for (Area a : ospf.areas.values()) {
                if (a.nssa() && ospf.nssa.translates(a)) {
                    translate(a, nets, five, plain, now);
                }
            }
        }
        for (Area a : ospf.areas.values()) {
            if (!a.nssa()) {
                continue;
            }
            TreeMap<Lsa.Key, Want> seven = new TreeMap<>();
            out.put(a.id, seven);
            Set<Integer> plain = new TreeSet<>(Integer::compareUnsigned);
            if (ospf.isAbr() && !a.cfg.noSummary()) { // 2.7: the default into the NSSA, P bit clear
                plain.add(0);
                seven.put(new Lsa.Key(Lsa.NSSA, 0, ospf.rid), new Want(0, 0, 2, a.cfg.defaultCost(), 0, "NSSA default"));
            }
            int fwd = ospf.nssa.forwardingAddress(a);
            int options = home == null ? Lsa.OPTION_NP : 0; // P: translate me (clear when this router makes the type 5)
            for (Map.Entry<Long, OspfConfig.External> e : nets.entrySet()) {
                OspfConfig.External x = e.getValue();
                want(seven, plain, Lsa.NSSA, ospf.rid, e.getKey(), new Want(options, Ip4.mask((int) (e.getKey() & 63)),
                        x.metricType(), x.metric(), fwd, "redistributed"));
            }
        }
        return out;
    }

    /**
     * 3.2: the type 5s translating area {@code a}'s P-bit type 7s with a forwarding address, for
     * networks this router does not redistribute itself; of several type 7s for a network the best
     * as the route calculation ranks them, then the higher advertising router.
     */
    private void translate(Area a, TreeMap<Long, OspfConfig.External> own, TreeMap<Lsa.Key, Want> five, Set<Integer> plain,
                           long now) {
        TreeMap<Long, Lsa> pick = new TreeMap<>();
        for (Lsa l : a.ofType(Lsa.NSSA, now)) {
            if (!l.propagate() || l.forwardingAddress() == 0 || l.advRouter() == ospf.rid || l.metric() >= Lsa.LS_INFINITY
                    || !a.routers.containsKey(l.advRouter())) {
                continue;
            }
            long k = key(l.id() & l.mask(), Integer.bitCount(l.mask()));
            Lsa cur = pick.get(k);
            if (own.containsKey(k) || cur != null && !better(l, cur)) {
                continue;
            }
            pick.put(k, l);
        }
        for (Map.Entry<Long, Lsa> e : pick.entrySet()) {
            Lsa l = e.getValue();
            want(five, plain, Lsa.EXTERNAL, ospf.rid, e.getKey(), new Want(Lsa.OPTION_E, l.mask(), l.externalType2() ? 2 : 1,
                    l.metric(), l.forwardingAddress(), "translated from " + l.describe() + " of area " + Ip4.str(a.id)));
        }
    }

    private static boolean better(Lsa l, Lsa cur) {
        if (l.externalType2() != cur.externalType2()) {
            return !l.externalType2();
        }
        if (l.metric() != cur.metric()) {
            return l.metric() < cur.metric();
        }
        return Integer.compareUnsigned(l.advRouter(), cur.advRouter()) > 0;
    }

    private Lsa make(int type, Lsa.Key k, int seq, Want w) {
        return Lsa.external(type, w.options(), k.id(), ospf.rid, seq, 0, w.mask(), w.metricType(), w.metric(), w.forward());
    }

    /** After each SPF run (and at boot): originates the external LSAs that changed, flushes those no longer wanted. */
    void update() {
        if (!ospf.running) {
            return;
        }
        long now = ospf.sim().now();
        long retry = Long.MAX_VALUE;
        TreeMap<Integer, TreeMap<Lsa.Key, Want>> wanted = wanted(now);
        for (Map.Entry<Integer, TreeMap<Lsa.Key, Want>> scope : wanted.entrySet()) {
            boolean as = scope.getKey() == -1;
            Area h = as ? home() : ospf.areas.get(scope.getKey());
            if (h == null) {
                continue;
            }
            int type = as ? Lsa.EXTERNAL : Lsa.NSSA;
            TreeMap<Lsa.Key, Want> want = scope.getValue();
            for (Lsa l : h.ofType(type, now)) {
                if (l.advRouter() == ospf.rid && !want.containsKey(l.key())) {
                    trace(l, Lsa.LS_INFINITY, "route gone: flushed");
                    ospf.flooding.install(h, h.lsdb.get(l.key()).current(now).withAge(Lsa.MAX_AGE), null);
                }
            }
            for (Map.Entry<Lsa.Key, Want> e : want.entrySet()) {
                Want w = e.getValue();
                OspfCore.Entry cur = h.lsdb.get(e.getKey());
                boolean forcedNow = forced.contains(scope.getKey() + " " + e.getKey());
                Lsa next = make(type, e.getKey(), 0, w);
                if (cur != null && !forcedNow && cur.age(now) < Lsa.MAX_AGE && cur.lsa().sameBody(next)
                        && cur.lsa().options() == next.options()) {
                    continue;
                }
                if (cur != null && !forcedNow && now - cur.installedNs() < Ospf.MIN_LS_INTERVAL_NS) {
                    retry = Math.min(retry, cur.installedNs() + Ospf.MIN_LS_INTERVAL_NS);
                    continue;
                }
                String why = forcedNow ? "newer self-originated instance received"
                        : cur == null || cur.age(now) >= Lsa.MAX_AGE ? w.why()
                        : w.why().equals("redistributed") ? "mask changed" // metric and type are the configuration's
                        : "changed: " + w.why();
                originate(h, type, e.getKey(), w, why);
            }
        }
        forced.clear();
        if (retry != Long.MAX_VALUE && (!deferred.isPending() || deferred.time() > retry)) {
            deferred.setAt(retry);
        }
    }

    private void originate(Area h, int type, Lsa.Key key, Want w, String why) {
        int seq = type == Lsa.EXTERNAL ? seqs.merge(key, Lsa.INITIAL_SEQUENCE, (old, x) -> old + 1) : h.nextSeq(key);
        Lsa l = make(type, key, seq, w);
        trace(l, w.metric(), why);
        ospf.flooding.install(h, l, null);
    }

    private void trace(Lsa l, int metric, String why) {
        if (ospf.trace.enabled()) {
            ospf.trace.emit(ospf.node().name(), OspfEvents.EXTERNAL, l.describe(),
                    Ip4.str(l.id() & l.mask()) + "/" + Integer.bitCount(l.mask()), metric, (long) l.seq(), why);
        }
    }

    /** 13.4: an instance of one of this router's external LSAs from an earlier life came back (in NSSA {@code a}). */
    void force(Area a, Lsa l) {
        if (l.type() == Lsa.EXTERNAL) {
            seqs.merge(l.key(), l.seq(), Math::max);
            forced.add("-1 " + l.key());
        } else {
            a.seqs.merge(l.key(), l.seq(), Math::max);
            forced.add(a.id + " " + l.key());
        }
        if (!deferred.isPending() || deferred.time() > ospf.sim().now()) {
            deferred.setAt(ospf.sim().now());
        }
    }

    /** LSRefreshTime: the same LSA with the next sequence number (a type 5 once, though every normal area holds it). */
    void refresh(Area a, Lsa l) {
        Area h = l.type() == Lsa.EXTERNAL ? home() : a;
        if (h != null) {
            Want w = new Want(l.options(), l.mask(), l.externalType2() ? 2 : 1, l.metric(), l.forwardingAddress(), "refresh");
            originate(h, l.type(), l.key(), w, "refresh");
        }
    }
}
