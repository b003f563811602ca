package dev.minternet.routing.ospf;

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
 * What several areas add to OSPF (RFC 2328): the inter-area routes every router computes from
 * the Summary-LSAs in its database (16.2; an area border router looks at the backbone's only), and
 * the Summary-LSAs (type 3) an area border router originates into each attached area for the
 * routes of the others (12.4.3): every intra-area route into every other area, the inter-area
 * routes learned over the backbone into the non-backbone areas, nothing back into the area the
 * route's next hops are in. Each is originated anew when its metric changes, no sooner than
 * MinLSInterval after the last instance, refreshed at LSRefreshTime, and flushed (MaxAge) when its
 * route goes or the router stops being an area border router.
 */
final class Abr {
    private final Ospf ospf;
    /** Runs {@link #update} again when a changed summary had to wait for MinLSInterval. */
    private final Timer deferred;
    /** Summaries to originate anew even if unchanged (an instance of an earlier life came back), per area. */
    private final Map<Integer, Set<Lsa.Key>> forced = new TreeMap<>(Integer::compareUnsigned);
    /** The active ranges advertised (each has a discard route, as FRR installs one), as of the last {@link #wanted}. */
    private List<OspfConfig.Range> discards = List.of();

    Abr(Ospf ospf) {
        this.ospf = ospf;
        this.deferred = new Timer(ospf.sim(), this::update);
    }

    void clear() {
        forced.clear();
        deferred.cancel();
        discards = List.of();
    }

    List<OspfConfig.Range> discardRoutes() {
        return discards;
    }

    /**
     * Whether a datagram to {@code dst} meets a discard route: it falls in an active range and no
     * more specific route of the table covers it (the blackhole route is the longest match).
     */
    boolean discards(int dst) {
        for (OspfConfig.Range r : discards) {
            if (r.contains(dst, 32)) {
                dev.minternet.ip.Route best = ospf.ip().table().lookup(dst);
                return best == null || best.length() < r.length();
            }
        }
        return false;
    }

    private static long key(int network, int length) {
        return (Integer.toUnsignedLong(network) << 6) | length;
    }

    /**
     * 16.2: the routing table {@code intra} (16.1's routes of every area) with the inter-area routes
     * added: for each Summary-LSA of an examined area not originated here, with a metric below
     * LSInfinity, from an area border router the area's SPF reached, and for a network no
     * intra-area route covers, the path through that router at its cost plus the metric; the
     * cheapest wins, equal ones share their next hops.
     */
    TreeMap<Long, OspfRoute> interArea(TreeMap<Long, OspfRoute> intra, long now) {
        TreeMap<Long, OspfRoute> out = new TreeMap<>(intra);
        boolean abr = ospf.isAbr();
        TreeMap<Long, OspfRoute> inter = new TreeMap<>();
        TreeMap<Long, TreeSet<NextHop>> hops = new TreeMap<>();
        for (Area a : ospf.areas.values()) {
            if (abr && !a.backbone()) {
                continue; // an area border router examines only the backbone's summaries
            }
            for (Lsa l : a.ofType(Lsa.SUMMARY, now)) {
                int metric = l.metric();
                if (l.advRouter() == ospf.rid || metric >= Lsa.LS_INFINITY) {
                    continue;
                }
                int len = Integer.bitCount(l.mask());
                int net = l.id() & l.mask();
                long k = key(net, len);
                Area.RouterPath br = a.routers.get(l.advRouter());
                if (intra.containsKey(k) || br == null || !br.border() || br.nextHops().isEmpty()) {
                    continue;
                }
                int cost = br.cost() + metric;
                OspfRoute cur = inter.get(k);
                if (cur == null || cost < cur.cost()) {
                    hops.put(k, new TreeSet<>(br.nextHops()));
                } else if (cost == cur.cost() && cur.area() == a.id) {
                    hops.get(k).addAll(br.nextHops());
                } else {
                    continue;
                }
                inter.put(k, new OspfRoute(net, len, cost, null, List.copyOf(hops.get(k)), now, a.id, true));
            }
        }
        out.putAll(inter);
        return out;
    }

    /** A summary wanted in an area: the network (a type-4's: the AS boundary router's ID), its mask and the metric. */
    private record Want(int network, int mask, int metric) {
    }

    /** The range of area {@code a} that takes in the intra-area route {@code r}, or null. */
    private static OspfConfig.Range rangeOf(Area a, OspfRoute r) {
        for (OspfConfig.Range g : a.cfg.ranges()) {
            if (g.contains(r.network(), r.length())) {
                return g;
            }
        }
        return null;
    }

    /**
     * What 12.4.3 asks this router to advertise into each area, by LSA key: the routes (an area's
     * intra-area routes inside one of its ranges condensed into the range at their largest cost, or
     * none for a range not advertised), the default route into a stub area (and nothing else into a
     * totally stubby one), and ASBR-summaries for the AS boundary routers into the non-stub areas.
     */
    private TreeMap<Integer, TreeMap<Lsa.Key, Want>> wanted() {
        TreeMap<Integer, TreeMap<Lsa.Key, Want>> out = new TreeMap<>(Integer::compareUnsigned);
        TreeMap<Integer, TreeMap<Long, OspfRoute>> byArea = new TreeMap<>(Integer::compareUnsigned);
        for (Area a : ospf.areas.values()) {
            byArea.put(a.id, new TreeMap<>());
            out.put(a.id, new TreeMap<>());
        }
        if (!ospf.isAbr()) {
            discards = List.of();
            return out;
        }
        Map<OspfConfig.Range, OspfRoute> active = new java.util.LinkedHashMap<>();
        for (Map.Entry<Long, OspfRoute> e : ospf.routeMap().entrySet()) {
            OspfRoute r = e.getValue();
            if (r.cost() >= Lsa.LS_INFINITY || r.external() || (r.interArea() && r.area() != 0)) {
                continue; // only the backbone's inter-area routes go on into other areas
            }
            OspfConfig.Range g = r.interArea() ? null : rangeOf(ospf.areas.get(r.area()), r);
            if (g != null) { // condensed: the range at its largest component's cost (12.4.3), or its configured cost
                OspfRoute cur = active.get(g);
                int cost = g.cost() >= 0 ? g.cost() : Math.max(r.cost(), cur == null ? 0 : cur.cost());
                active.put(g, new OspfRoute(g.network(), g.length(), cost, null, List.of(), 0, r.area(), false));
                continue;
            }
            for (Area a : ospf.areas.values()) {
                if (a.id != r.area() && !hopsIn(r.connected(), r.nextHops(), a)) {
                    byArea.get(a.id).put(e.getKey(), r);
                }
            }
        }
        List<OspfConfig.Range> advertised = new ArrayList<>();
        for (Map.Entry<OspfConfig.Range, OspfRoute> e : active.entrySet()) {
            if (!e.getKey().advertise()) {
                continue;
            }
            advertised.add(e.getKey());
            OspfRoute r = e.getValue();
            for (Area a : ospf.areas.values()) {
                if (a.id != r.area()) {
                    byArea.get(a.id).put((Integer.toUnsignedLong(r.network()) << 6) | r.length(), r);
                }
            }
        }
        discards = List.copyOf(advertised);
        for (Map.Entry<Integer, TreeMap<Long, OspfRoute>> e : byArea.entrySet()) {
            TreeMap<Lsa.Key, Want> want = out.get(e.getKey());
            Area area = ospf.areas.get(e.getKey());
            Set<Integer> plain = new TreeSet<>(Integer::compareUnsigned);
            if (area.stub() || area.nssa() && area.cfg.noSummary()) { // 12.4.3.1 (RFC 3101 2.7: a totally NSSA too)
                plain.add(0); // the default route into a stub area, at its default-cost
                want.put(new Lsa.Key(Lsa.SUMMARY, 0, ospf.rid), new Want(0, 0, area.cfg.defaultCost()));
                if (area.cfg.noSummary()) {
                    continue; // totally stubby: that one only
                }
            }
            for (OspfRoute r : e.getValue().values()) { // shortest mask first for a network: it keeps the plain ID
                int mask = Ip4.mask(r.length());
                int id = plain.add(r.network()) ? r.network() : r.network() | ~mask; // appendix E
                Lsa.Key k = new Lsa.Key(Lsa.SUMMARY, id, ospf.rid);
                if (!want.containsKey(k)) {
                    want.put(k, new Want(r.network(), mask, r.cost()));
                }
            }
            if (area.noExternals()) {
                continue; // no ASBR-summaries into a stub area or an NSSA: no AS-external-LSAs there
            }
            for (Map.Entry<Integer, Asbr.Path> p : ospf.asbr.paths().entrySet()) {
                Asbr.Path path = p.getValue();
                if (path.area() == area.id || path.interArea() && (path.area() != 0 || area.backbone())
                        || hopsIn(null, path.nextHops(), area) || path.cost() >= Lsa.LS_INFINITY) {
                    continue; // as for networks: the backbone's inter-area ones into the other areas, none back
                }
                want.put(new Lsa.Key(Lsa.ASBR_SUMMARY, p.getKey(), ospf.rid), new Want(p.getKey(), 0, path.cost()));
            }
        }
        return out;
    }

    /** Whether one of the route's next hops (or its connected interface) is in area {@code a}. */
    private static boolean hopsIn(dev.minternet.ip.NetInterface connected, List<NextHop> nextHops, Area a) {
        for (Iface i : a.ifaces) {
            if (connected != null && i.nic == connected) {
                return true;
            }
            for (NextHop h : nextHops) {
                if (h.iface() == i.nic) {
                    return true;
                }
            }
        }
        return false;
    }

    /** 12.4.3 after a routing table change: originates the summaries that changed, flushes those no longer wanted. */
    void update() {
        if (!ospf.running) {
            return;
        }
        long now = ospf.sim().now();
        long retry = Long.MAX_VALUE;
        TreeMap<Integer, TreeMap<Lsa.Key, Want>> wanted = wanted();
        for (Area a : ospf.areas.values()) {
            TreeMap<Lsa.Key, Want> want = wanted.get(a.id);
            Set<Lsa.Key> force = forced.getOrDefault(a.id, Set.of());
            for (int type : new int[] {Lsa.SUMMARY, Lsa.ASBR_SUMMARY}) {
                for (Lsa l : a.ofType(type, now)) {
                    if (l.advRouter() == ospf.rid && !want.containsKey(l.key())) {
                        flush(a, l, now);
                    }
                }
            }
            for (Map.Entry<Lsa.Key, Want> e : want.entrySet()) {
                Want w = e.getValue();
                Ospf.Entry cur = a.lsdb.get(e.getKey());
                boolean forcedNow = force.contains(e.getKey());
                if (cur != null && !forcedNow && cur.age(now) < Lsa.MAX_AGE && cur.lsa().mask() == w.mask()
                        && cur.lsa().metric() == w.metric()) {
                    continue;
                }
                if (cur != null && !forcedNow && now - cur.installedNs() < Ospf.MIN_LS_INTERVAL_NS) {
                    retry = Math.min(retry, cur.installedNs() + Ospf.MIN_LS_INTERVAL_NS);
                    continue; // MinLSInterval: this summary changed less than 5 s ago
                }
                String why = forcedNow ? "newer self-originated instance received"
                        : cur == null || cur.age(now) >= Lsa.MAX_AGE ? "new route" : "cost or mask changed";
                originate(a, e.getKey().type(), e.getKey().id(), w.mask(), w.metric(), why);
            }
            forced.remove(a.id);
        }
        if (retry != Long.MAX_VALUE && (!deferred.isPending() || deferred.time() > retry)) {
            deferred.setAt(retry);
        }
    }

    private void originate(Area a, int type, int id, int mask, int metric, String why) {
        Lsa l = Lsa.summary(type, id, ospf.rid, a.nextSeq(new Lsa.Key(type, id, ospf.rid)), 0, mask, metric, a.options());
        if (ospf.trace.enabled()) {
            ospf.trace.emit(ospf.node().name(), OspfEvents.SUMMARY, l.describe(), Ip4.str(a.id), prefix(l), metric,
                    (long) l.seq(), why);
        }
        ospf.flooding.install(a, l, null);
    }

    private void flush(Area a, Lsa l, long now) {
        if (ospf.trace.enabled()) {
            ospf.trace.emit(ospf.node().name(), OspfEvents.SUMMARY, l.describe(), Ip4.str(a.id),
                    prefix(l), Lsa.LS_INFINITY, (long) l.seq(),
                    "route gone: flushed");
        }
        ospf.flooding.install(a, a.lsdb.get(l.key()).current(now).withAge(Lsa.MAX_AGE), null);
    }

    /** What a summary advertises, as the trace names it: the network, or an ASBR-summary's router ID as a /32. */
    private static String prefix(Lsa l) {
        return l.type() == Lsa.ASBR_SUMMARY ? Ip4.str(l.id()) + "/32"
                : Ip4.str(l.id() & l.mask()) + "/" + Integer.bitCount(l.mask());
    }

    /** 13.4: an instance of one of this router's summaries from an earlier life came back. */
    void force(Area a, Lsa.Key key) {
        forced.computeIfAbsent(a.id, x -> new TreeSet<>()).add(key);
        if (!deferred.isPending() || deferred.time() > ospf.sim().now()) {
            deferred.setAt(ospf.sim().now());
        }
    }

    /** LSRefreshTime: the same summary with the next sequence number. */
    void refresh(Area a, Lsa l) {
        originate(a, l.type(), l.id(), l.mask(), l.metric(), "refresh");
    }

    /** Every summary this router originated into every area (for tests). */
    List<Lsa> own() {
        List<Lsa> out = new ArrayList<>();
        for (Area a : ospf.areas.values()) {
            for (Lsa l : a.ofType(Lsa.SUMMARY, ospf.sim().now())) {
                if (l.advRouter() == ospf.rid) {
                    out.add(l);
                }
            }
        }
        return out;
    }
}
