package dev.minternet.routing.ospf;

import dev.minternet.routing.ospf.OspfRoute.NextHop;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One OSPF area a router is attached to (RFC 2328 6): its interfaces, its link state database
 * (Router-, Network- and Summary-LSAs are flooded within the area only) and what its last SPF run
 * found. Area 0.0.0.0 is the backbone.
 */
final class Area {
    final int id;
    final List<Iface> ifaces = new ArrayList<>();
    final TreeMap<Lsa.Key, OspfCore.Entry> lsdb = new TreeMap<>();
    /** The last sequence number of each LSA this router originated into this area in this life. */
    final TreeMap<Lsa.Key, Integer> seqs = new TreeMap<>();
    /** Own LSAs of the area to originate anew even if unchanged (an instance of an earlier life came back, 13.4). */
    final java.util.Set<Lsa.Key> force = new java.util.TreeSet<>();
    int spfRuns;
    /** The routers the last SPF run reached (the root left out), by router ID. */
    Map<Integer, RouterPath> routers = new TreeMap<>();

    /** A router reached inside the area: its cost, next hops and Router-LSA flags (B: area border router). */
    record RouterPath(int cost, List<NextHop> nextHops, int flags) {
        boolean border() {
            return (flags & Lsa.FLAG_B) != 0;
        }
    }

    /** Its configuration: stub or not, ranges. */
    final OspfConfig.AreaConfig cfg;

    Area(int id) {
        this(id, new OspfConfig.AreaConfig(id, false, false, OspfConfig.DEFAULT_STUB_COST, List.of()));
    }

    Area(int id, OspfConfig.AreaConfig cfg) {
        this.id = id;
        this.cfg = cfg;
    }

    /** A stub area (RFC 2328 3.6): no AS-external LSAs flooded into it. */
    boolean stub() {
        return cfg.stub();
    }

    /**
     * A not-so-stubby area (RFC 3101): no AS-external-LSAs either, but NSSA-external-LSAs (type 7)
     * of its own AS boundary routers.
     */
    boolean nssa() {
        return cfg.nssa();
    }

    /** Whether AS-external-LSAs (type 5) and ASBR-summaries stay out of the area: a stub area or an NSSA. */
    boolean noExternals() {
        return cfg.stub() || cfg.nssa();
    }

    /**
     * The options this router sets in its hellos, Database Descriptions and LSAs of the area: E
     * in a normal area (A.2), nothing in a stub area, N/P in an NSSA (RFC 3101 2.1, as FRR sets it).
     */
    int options() {
        return cfg.nssa() ? Lsa.OPTION_NP : cfg.stub() ? 0 : Lsa.OPTION_E;
    }

    boolean backbone() {
        return id == 0;
    }

    /** Whether one of its interfaces is up (FRR's "actively attached"). */
    boolean active() {
        for (Iface i : ifaces) {
            if (i.up) {
                return true;
            }
        }
        return false;
    }

    int nextSeq(Lsa.Key key) {
        return seqs.merge(key, Lsa.INITIAL_SEQUENCE, (old, x) -> old + 1);
    }

    /** A live LSA of the database, or null (absent or at MaxAge). */
    Lsa live(Lsa.Key key, long now) {
        OspfCore.Entry e = lsdb.get(key);
        return e == null || e.age(now) >= Lsa.MAX_AGE ? null : e.lsa();
    }

    Lsa routerLsa(int id, long now) {
        return live(new Lsa.Key(Lsa.ROUTER, id, id), now);
    }

    /** A live Network-LSA whose link state ID is {@code id} (the DR's interface address), or null. */
    Lsa networkLsa(int id, long now) {
        for (OspfCore.Entry e : lsdb.subMap(new Lsa.Key(Lsa.NETWORK, id, 0), true, new Lsa.Key(Lsa.NETWORK, id, -1), true)
                .values()) {
            if (e.age(now) < Lsa.MAX_AGE) {
                return e.lsa();
            }
        }
        return null;
    }

    /** The live LSAs of one type, in database order. */
    List<Lsa> ofType(int type, long now) {
        List<Lsa> out = new ArrayList<>();
        for (OspfCore.Entry e : lsdb.subMap(new Lsa.Key(type, 0, 0), true, new Lsa.Key(type, -1, -1), true).values()) {
            if (e.age(now) < Lsa.MAX_AGE) {
                out.add(e.lsa());
            }
        }
        return out;
    }

    int fullNeighbors() {
        int n = 0;
        for (Iface i : ifaces) {
            for (Neighbor x : i.nbrs.values()) {
                if (x.state == Neighbor.State.FULL) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The links of this router's Router-LSA in this area (12.4.1): its interfaces in the area. */
    List<Lsa.Link> routerLinks() {
        List<Lsa.Link> links = new ArrayList<>();
        for (Iface i : ifaces) {
            if (!i.up) {
                continue;
            }
            if (i.broadcast() && !i.c.passive() && i.transit()) {
                // 12.4.1.2: a transit network, named by its DR's interface address
                links.add(new Lsa.Link(i.dr, i.nic.address(), Lsa.LINK_TRANSIT, i.c.cost()));
                continue;
            }
            for (Neighbor n : i.nbrs.values()) {
                if (!i.broadcast() && !i.c.passive() && n.state == Neighbor.State.FULL) {
                    links.add(new Lsa.Link(n.routerId, i.nic.address(), Lsa.LINK_P2P, i.c.cost()));
                }
            }
            links.add(new Lsa.Link(i.nic.cidr().network(), Ip4.mask(i.nic.cidr().length()), Lsa.LINK_STUB, i.c.cost()));
        }
        return links;
    }

    /** What {@code show ip ospf} says of the area. */
    Ospf.AreaView view() {
        int active = 0;
        for (Iface i : ifaces) {
            active += i.up ? 1 : 0;
        }
        int[] counts = new int[8];
        long[] sums = new long[8];
        int n = 0;
        for (OspfCore.Entry e : lsdb.values()) {
            int t = e.lsa().type();
            if (t == Lsa.EXTERNAL) {
                continue; // AS-scope: counted once for the router, not per area
            }
            n++;
            if (t < counts.length) {
                counts[t]++;
                sums[t] += e.lsa().checksum();
            }
        }
        return new Ospf.AreaView(id, ifaces.size(), active, fullNeighbors(), spfRuns, n, counts, sums,
                !routers.isEmpty(), cfg.stub(), cfg.noSummary(), cfg.nssa());
    }
}
