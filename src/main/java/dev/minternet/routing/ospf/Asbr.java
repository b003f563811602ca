package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Route;
import dev.minternet.routing.ospf.OspfRoute.NextHop;
import dev.minternet.sim.Timer;
import dev.minternet.wire.Ip4;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * AS-external routes (RFC 2328): the AS-external-LSAs (type 5) an AS boundary router originates
 * for the routes it redistributes (12.4.4: FRR's {@code redistribute connected} and
 * {@code redistribute static}, metric type 2, metric 20, forwarding address 0.0.0.0), flooded to
 * every area but the stub ones, and the routes every router computes from them (16.4): through the
 * AS boundary router, reached inside an area (its Router-LSA has the E bit) or across the backbone
 * through an ASBR-summary-LSA (type 4, 16.2); intra- and inter-area routes win over them, the
 * lower type 2 metric wins, then the lower cost to the AS boundary router.
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
    /** AS-external-LSAs to originate anew even if unchanged (an instance of an earlier life came back, 13.4). */
    private final Set<Lsa.Key> forced = new TreeSet<>();
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

    /** A non-stub area: its database holds the AS-external-LSAs (every non-stub area's does), or null. */
    Area home() {
        for (Area a : ospf.areas.values()) {
            if (!a.stub()) {
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
     * The routes to the AS boundary routers: those an area's SPF reached with the E bit set; for
     * the others, the ASBR-summary-LSAs of the backbone (an area border router) or of the router's
     * area, through the area border router that originated it. An intra-area path wins.
     */
    private TreeMap<Integer, Path> asbrPaths(long now) {
        TreeMap<Integer, Path> out = new TreeMap<>(Integer::compareUnsigned);
        for (Area a : ospf.areas.values()) {
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
            if (abr && !a.backbone() || a.stub()) {
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
     * 16.4: {@code table} (the intra- and inter-area routes) with the AS-external routes added: for
     * each AS-external-LSA of another router with a metric below LSInfinity, whose AS boundary router
     * is reachable, for a network no intra- or inter-area route covers.
     */
    TreeMap<Long, OspfRoute> external(TreeMap<Long, OspfRoute> table, long now) {
        paths = asbrPaths(now);
        TreeMap<Long, OspfRoute> out = new TreeMap<>(table);
        TreeMap<Long, OspfRoute> ext = new TreeMap<>();
        for (Lsa l : externals(now)) {
            Path p = paths.get(l.advRouter());
            if (l.advRouter() == ospf.rid || l.metric() >= Lsa.LS_INFINITY || !l.externalType2() || p == null) {
                continue; // only type 2 metrics are originated here (FRR's default metric-type)
            }
            int len = Integer.bitCount(l.mask());
            int net = l.id() & l.mask();
            long k = key(net, len);
            if (table.containsKey(k)) {
                continue;
            }
            OspfRoute cur = ext.get(k);
            List<NextHop> hops = p.nextHops();
            if (cur != null) {
                int c = cur.type2Cost() != l.metric() ? Integer.compare(l.metric(), cur.type2Cost())
                        : Integer.compare(p.cost(), cur.cost());
                if (c > 0) {
                    continue;
                }
                if (c == 0) {
                    TreeSet<NextHop> all = new TreeSet<>(cur.nextHops());
                    all.addAll(hops);
                    hops = List.copyOf(all);
                }
            }
            ext.put(k, new OspfRoute(net, len, p.cost(), null, hops, now, p.area(), false, l.metric()));
        }
        out.putAll(ext);
        return out;
    }

    // ---------------------------------------------------------------- 12.4.4: origination

    private record Want(int mask, int metric) {
    }

    private boolean ospfIface(NetInterface nic) {
        for (Iface i : ospf.ifaces) {
            if (i.nic == nic) {
                return true;
            }
        }
        return false;
    }

    /** The AS-external-LSAs the redistributed routes call for, by key (the link state ID's host bits set on a clash, appendix E). */
    private TreeMap<Lsa.Key, Want> wanted() {
        TreeMap<Lsa.Key, Want> out = new TreeMap<>();
        List<String> what = ospf.config().redistribute();
        if (what.isEmpty() || home() == null || !ospf.running) {
            return out;
        }
        TreeMap<Long, Integer> nets = new TreeMap<>();
        for (Route r : ospf.ip().table().routes()) {
            boolean take = "kernel".equals(r.proto()) && what.contains("connected") && !ospfIface(r.iface())
                    || "static".equals(r.proto()) && what.contains("static");
            if (take && r.length() > 0 && r.iface().isUp()) {
                nets.put(key(r.network(), r.length()), r.length());
            }
        }
        Set<Integer> plain = new TreeSet<>(Integer::compareUnsigned);
        for (Map.Entry<Long, Integer> e : nets.entrySet()) {
            int net = (int) (e.getKey() >>> 6);
            int mask = Ip4.mask(e.getValue());
            int id = plain.add(net) ? net : net | ~mask;
            out.putIfAbsent(new Lsa.Key(Lsa.EXTERNAL, id, ospf.rid), new Want(mask, OspfConfig.DEFAULT_EXTERNAL_METRIC));
        }
        return out;
    }

    /** After each SPF run (and at boot): originates the AS-external-LSAs that changed, flushes those no longer wanted. */
    void update() {
        Area h = home();
        if (!ospf.running || h == null) {
            return;
        }
        long now = ospf.sim().now();
        long retry = Long.MAX_VALUE;
        TreeMap<Lsa.Key, Want> want = wanted();
        for (Lsa l : h.ofType(Lsa.EXTERNAL, now)) {
            if (l.advRouter() == ospf.rid && !want.containsKey(l.key())) {
                trace(l, Lsa.LS_INFINITY, "route gone: flushed");
                ospf.flooding.install(h, h.lsdb.get(l.key()).current(now).withAge(Lsa.MAX_AGE), null);
            }
        }
        for (Map.Entry<Lsa.Key, Want> e : want.entrySet()) {
            Want w = e.getValue();
            OspfCore.Entry cur = h.lsdb.get(e.getKey());
            boolean forcedNow = forced.contains(e.getKey());
            if (cur != null && !forcedNow && cur.age(now) < Lsa.MAX_AGE && cur.lsa().mask() == w.mask()
                    && cur.lsa().metric() == w.metric()) {
                continue;
            }
            if (cur != null && !forcedNow && now - cur.installedNs() < Ospf.MIN_LS_INTERVAL_NS) {
                retry = Math.min(retry, cur.installedNs() + Ospf.MIN_LS_INTERVAL_NS);
                continue;
            }
            String why = forcedNow ? "newer self-originated instance received"
                    : cur == null || cur.age(now) >= Lsa.MAX_AGE ? "redistributed" : "mask changed";
            originate(h, e.getKey().id(), w.mask(), w.metric(), why);
        }
        forced.clear();
        if (retry != Long.MAX_VALUE && (!deferred.isPending() || deferred.time() > retry)) {
            deferred.setAt(retry);
        }
    }

    private void originate(Area h, int id, int mask, int metric, String why) {
        Lsa.Key key = new Lsa.Key(Lsa.EXTERNAL, id, ospf.rid);
        Lsa l = Lsa.external(id, ospf.rid, seqs.merge(key, Lsa.INITIAL_SEQUENCE, (old, x) -> old + 1), 0, mask, metric);
        trace(l, metric, why);
        ospf.flooding.install(h, l, null);
    }

    private void trace(Lsa l, int metric, String why) {
        if (ospf.trace.enabled()) {
            ospf.trace.emit(ospf.node().name(), OspfEvents.EXTERNAL, l.describe(),
                    Ip4.str(l.id() & l.mask()) + "/" + Integer.bitCount(l.mask()), metric, (long) l.seq(), why);
        }
    }

    /** 13.4: an instance of one of this router's AS-external-LSAs from an earlier life came back. */
    void force(Lsa l) {
        seqs.merge(l.key(), l.seq(), Math::max);
        forced.add(l.key());
        if (!deferred.isPending() || deferred.time() > ospf.sim().now()) {
            deferred.setAt(ospf.sim().now());
        }
    }

    /** LSRefreshTime: the same LSA with the next sequence number (once, though every non-stub area holds it). */
    void refresh(Lsa l) {
        Area h = home();
        if (h != null) {
            originate(h, l.id(), l.mask(), l.metric(), "refresh");
        }
    }
}
