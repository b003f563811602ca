package dev.minternet.routing.ospf;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.routing.ospf.OspfRoute.NextHop;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * OSPFv2 on one router (RFC 2328), over point-to-point interfaces (links) and broadcast ones (LAN
 * segments): hellos to 224.0.0.5 with TTL 1 ({@link Iface}, with the DR/BDR election of 9.4 on a
 * broadcast network), the neighbour state machine to Full (10.3, {@link Neighbor}) through the
 * Database Description exchange (10.6, 10.8) and Link State Requests (10.9), the router's
 * Router-LSA (12.4.1) and, as a DR, the segment's Network-LSA (12.4.2), originated no more often
 * than MinLSInterval, reliable flooding with acknowledgements and retransmission every
 * RxmtInterval (13, {@link Flooding}), aging with refresh at LSRefreshTime and flushing at MaxAge
 * (14), and SPF (16.1, {@link Spf}) throttled as FRR's {@code timers throttle spf} does, whose
 * routes go into the node's routing table with proto "ospf" (equal-cost paths together).
 *
 * <p>Several areas (RFC 2328 3, {@link Area}): each interface is in one, each area has its own
 * database and SPF run; a router attached to the backbone and another area is an area border
 * router (FRR's default "Alternative Cisco" rule, RFC 3509), sets the B bit in its Router-LSAs and
 * originates Summary-LSAs (12.4.3) from which the other routers compute inter-area routes (16.2,
 * {@link Abr}).
 *
 * <p>Area ranges and stub areas ({@link Abr}), AS-external-LSAs and ASBR-summary-LSAs ({@link Asbr}).
 *
 * <p>Not-so-stubby areas (RFC 3101): NSSA-external-LSAs, the translator election and the
 * translation into AS-external-LSAs ({@link Nssa}, {@link Asbr}).
 *
 * <p>Modelled, not real: no virtual links or
 * authentication, no NBMA or point-to-multipoint networks; acknowledgements
 * table 19 calls delayed are sent at once; a MaxAge LSA leaves the database as soon as it has been
 * flooded rather than when every neighbour has acknowledged it; LS sequence number wrap-around is
 * not handled (it takes 2^31 originations).
 */
public final class Ospf extends OspfCore implements ProtocolHandler {
    /** IP precedence "internetwork control" (0xc0), which FRR sets on OSPF packets. */
    static final int TOS_INTERNETWORK_CONTROL = 0xc0;
    /** The kernel route metric zebra gives every route it installs ({@code proto ospf metric 20}). */
    public static final int KERNEL_METRIC = 20;
    public static final String PROTO = "ospf";

    private final IpStack ip;
    final Abr abr;
    final Asbr asbr;
    final Nssa nssa;
    private TreeMap<Long, OspfRoute> routes = new TreeMap<>();

    /** A neighbour as {@code show ip ospf neighbor} lists it. */
    public record NeighborView(int routerId, int priority, String state, String role, long upNs, long deadInNs,
                               int address, NetInterface iface, int retransmits, int requests, int summaries) {
    }

    /** An interface as {@code show ip ospf interface} shows it (addresses 0: none). */
    public record InterfaceView(NetInterface iface, int area, boolean broadcast, boolean passive, int cost, int priority,
                                String state, int drId, int dr, int bdrId, int bdr, int helloSec, int deadSec,
                                long helloDueNs, int neighbors, int adjacent) {
    }

    /**
     * An LSA as {@code show ip ospf database} lists it: in {@code area}; {@code mask} a Summary-LSA's
     * or AS-external-LSA's; {@code type2} whether an AS-external-LSA's metric is type 2.
     */
    public record LsaView(int area, int type, int id, int advRouter, int age, int seq, int checksum, int links, int mask,
                          boolean type2) {
    }

    private Ospf(Node node, OspfConfig cfg) {
        super(node, cfg, OspfPacket.V2, OspfEvents.V2, "ospf");
        this.ip = node.ip();
        this.abr = new Abr(this);
        this.asbr = new Asbr(this);
        this.nssa = new Nssa(this);
    }

    IpStack ip() {
        return ip;
    }

    /** Starts OSPF on {@code node} (protocol 89), attached to the node for vtysh. */
    public static Ospf start(Node node, OspfConfig cfg) {
        Ospf o = new Ospf(node, cfg);
        node.ip().register(OspfPacket.PROTOCOL, o);
        node.attach(Ospf.class, o);
        o.attachLifecycle();
        if (cfg.areas().stream().anyMatch(x -> !x.ranges().isEmpty())) {
            node.ip().addFilter(dev.minternet.ip.Hook.PREROUTING, (hook, d, in, out) -> { // before the routing decision
                int dst = dev.minternet.wire.BigEndian.u32(d, 16);
                return !node.ip().isLocalAddress(dst) && o.abr.discards(dst) ? dev.minternet.ip.PacketFilter.DROP
                        : dev.minternet.ip.PacketFilter.ACCEPT; // an active area range's discard route (blackhole)
            });
        }
        return o;
    }

    /**
     * Whether this router is an area border router: FRR's default rule ("Alternative Cisco", RFC
     * 3509): interfaces configured in more than one area, one of them up in the backbone.
     */
    public boolean isAbr() {
        Area bb = areas.get(0);
        return areas.size() > 1 && bb != null && bb.active();
    }

    @Override
    void booting() {
        abr.clear();
        asbr.booting();
        nssa.clear();
    }

    @Override
    void clear() {
        abr.clear();
        asbr.clear();
        nssa.clear();
        for (Area a : areas.values()) {
            a.routers = new TreeMap<>();
        }
        routes = new TreeMap<>();
        ip.table().removeProto(PROTO);
    }

    // ---------------------------------------------------------------- sending and receiving

    @Override
    void send(Iface i, int dst, byte[] pkt, int items) {
        byte[] d = IpStack.allocate(pkt.length);
        System.arraycopy(pkt, 0, d, IpStack.HEADER_ROOM, pkt.length);
        int r = ip.outputOn(i.nic, d, i.nic.address(), dst, OspfPacket.PROTOCOL, 1, TOS_INTERNETWORK_CONTROL);
        if (r == IpStack.OK) {
            traceSend(i, pkt, items, Ip4.str(dst));
        }
    }

    @Override
    int selfId(Iface i) {
        return i.nic.address();
    }

    @Override
    String addressText(Neighbor n) {
        return Ip4.str(n.address);
    }

    @Override
    String idText(Iface i, int id) {
        return Ip4.str(id);
    }

    @Override
    public void receive(IpHeaderView v) {
        Iface i = receivingIface(v.iface());
        if (i == null) {
            return; // not an OSPF interface: the packet is not for us (FRR would not have joined the group there)
        }
        byte[] b = v.buffer();
        int off = v.payloadOffset();
        int end = off + v.payloadLength();
        String bad = OspfPacket.check(b, off, end);
        if (bad != null) {
            drop(i, end - off > 1 ? b[off + 1] & 0xff : 0, bad);
            return;
        }
        dispatch(i, b, off, end, v.dst() == OspfPacket.ALL_D_ROUTERS, v.src(), null);
    }

    // ---------------------------------------------------------------- LSAs

    @Override
    Iface linkScope(Lsa l, Neighbor from) {
        return null; // OSPFv2 has no link-scope LSAs (opaque ones are not modelled)
    }

    @Override
    boolean selfOriginated(Area a, Lsa l, Neighbor from) {
        if (l.type() == Lsa.EXTERNAL || l.type() == Lsa.NSSA) {
            boolean backOut = flooding.install(a, l, from);
            asbr.force(a, l); // originated anew past it if still wanted, else flushed
            return backOut;
        }
        if (l.type() != Lsa.SUMMARY && l.type() != Lsa.ASBR_SUMMARY) {
            return super.selfOriginated(a, l, from);
        }
        a.seqs.merge(l.key(), l.seq(), Math::max);
        boolean backOut = flooding.install(a, l, from);
        abr.force(a, l.key()); // originated anew past it if still wanted, else flushed
        return backOut;
    }

    /** 13.4: the Router-LSA is always still ours, a Network-LSA while this router is the segment's DR. */
    @Override
    boolean stillOriginates(Area a, Lsa l) {
        if (l.type() == Lsa.ROUTER) {
            return true;
        }
        if (l.type() != Lsa.NETWORK) {
            return false;
        }
        Iface own = null;
        for (Iface i : a.ifaces) {
            if (i.nic.address() == l.id()) {
                own = i;
            }
        }
        return own != null && own.up && own.state == Iface.IfState.DR && own.transit();
    }

    @Override
    void refresh(Area a, Lsa own) {
        if (own.type() == Lsa.ROUTER) {
            originateReason = "refresh";
            originateNow();
        } else if (own.type() == Lsa.SUMMARY || own.type() == Lsa.ASBR_SUMMARY) {
            abr.refresh(a, own);
        } else if (own.type() == Lsa.EXTERNAL || own.type() == Lsa.NSSA) {
            asbr.refresh(a, own);
        } else {
            for (Iface i : a.ifaces) {
                if (i.nic.address() == own.id()) {
                    originateNetwork(i, true, "refresh");
                }
            }
        }
    }

    @Override
    void originateAll(String reason) {
        int abrFlag = isAbr() ? Lsa.FLAG_B : 0;
        for (Area a : areas.values()) {
            // no AS boundary router in a stub area; every NSSA border router sets E (RFC 3101 3.1), and Nt if it
            // translates always
            int flags = abrFlag | ((asbr.isAsbr() || nssa.border()) && !a.stub() ? Lsa.FLAG_E : 0) | nssa.ntFlag(a);
            List<Lsa.Link> links = a.routerLinks();
            Lsa.Key key = new Lsa.Key(Lsa.ROUTER, rid, rid);
            Entry cur = a.lsdb.get(key);
            if (areas.size() > 1 && !reason.equals("refresh") && !a.force.remove(key) && cur != null
                    && cur.lsa().sameBody(Lsa.router(rid, flags, 0, 0, links, a.options()))) {
                continue; // an area border router does not renew an area's Router-LSA that would not change
            }
            install(a, Lsa.router(rid, flags, a.nextSeq(key), 0, links, a.options()), links.size(), reason);
        }
        for (Iface i : ifaces) {
            originateNetwork(i, false, reason);
        }
    }

    /**
     * 12.4.2: the DR of a segment with at least one full adjacency originates its Network-LSA when
     * the attached routers change (or at refresh); one that stops being DR flushes it (14.1).
     */
    private void originateNetwork(Iface i, boolean refresh, String reason) {
        if (!i.broadcast()) {
            return;
        }
        Lsa.Key key = new Lsa.Key(Lsa.NETWORK, i.nic.address(), rid);
        if (i.up && i.state == Iface.IfState.DR && i.transit()) {
            int mask = Ip4.mask(i.nic.cidr().length());
            List<Integer> attached = i.attached();
            originateIfChanged(i.area, key, seq -> Lsa.network(i.nic.address(), rid, seq, 0, mask, attached, i.area.options()),
                    refresh,
                    attached.size(), reason);
        } else {
            flushOwn(i.area, key, "no longer DR on " + i.nic.name());
        }
    }

    // ---------------------------------------------------------------- SPF

    /**
     * SPF in every area (16.1), then the inter-area routes from the Summary-LSAs (16.2), into the
     * routing table; then ({@link #afterSpf}), as an area border router, the Summary-LSAs those
     * routes call for (12.4.3).
     */
    @Override
    int[] calculate(long now) {
        TreeMap<Long, OspfRoute> intra = new TreeMap<>();
        int reached = 0;
        for (Area a : areas.values()) {
            a.spfRuns++;
            Spf.Result r = Spf.run(rid, a.id, id -> a.routerLsa(id, now), id -> a.networkLsa(id, now), a.ifaces, now);
            a.routers = r.routers();
            reached += r.treeSize();
            for (OspfRoute x : r.routes().values()) {
                long key = (Integer.toUnsignedLong(x.network()) << 6) | x.length();
                OspfRoute cur = intra.get(key);
                if (cur == null || x.cost() < cur.cost()) {
                    intra.put(key, x); // the cheapest intra-area path, the lower area ID on a tie
                }
            }
        }
        TreeMap<Long, OspfRoute> next = asbr.external(abr.interArea(intra, now), now);
        int changed = 0;
        int inter = 0;
        for (Map.Entry<Long, OspfRoute> e : next.entrySet()) {
            OspfRoute prev = routes.get(e.getKey());
            if (e.getValue().sameAs(prev)) {
                e.setValue(e.getValue().since(prev.sinceNs()));
            } else {
                changed++;
            }
            inter += e.getValue().interArea() ? 1 : 0;
        }
        for (Long k : routes.keySet()) {
            if (!next.containsKey(k)) {
                changed++;
            }
        }
        routes = next;
        ip.table().removeProto(PROTO);
        for (OspfRoute r : next.values()) {
            for (NextHop h : r.nextHops()) {
                ip.table().add(new Route(r.network(), r.length(), h.iface(), h.gateway(), KERNEL_METRIC, PROTO));
            }
        }
        ip.table().installed(PROTO);
        return new int[] {reached, next.size(), changed, inter};
    }

    @Override
    void afterSpf() {
        abr.update();
        nssa.elect();
        asbr.update();
    }

    /** The routes of the last SPF run, by prefix key (network << 6 | length). */
    TreeMap<Long, OspfRoute> routeMap() {
        return routes;
    }

    // ---------------------------------------------------------------- views for vtysh and tests

    /**
     * The cost of the last SPF run's route to exactly {@code network/length}, or -1: what zebra
     * tells bgpd as the IGP metric of a BGP next hop resolved through that route.
     */
    public int cost(int network, int length) {
        OspfRoute r = routes.get((Integer.toUnsignedLong(network) << 6) | length);
        return r == null ? -1 : r.cost();
    }

    /** The routes of the last SPF run, by prefix. */
    public List<OspfRoute> routes() {
        return List.copyOf(routes.values());
    }

    public List<NeighborView> neighbors() {
        List<NeighborView> out = new ArrayList<>();
        long now = sim.now();
        for (Iface i : ifaces) {
            for (Neighbor n : i.nbrs.values()) {
                String role = !i.broadcast() ? "-" : n.address == i.dr ? "DR" : n.address == i.bdr ? "Backup" : "DROther";
                out.add(new NeighborView(n.routerId, n.priority, n.state.label, role, now - n.stateSince,
                        Math.max(0, n.deadAt - now), n.address, i.nic, n.retransmit.size(), n.requests.size(),
                        n.summary.size()));
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.routerId(), b.routerId()));
        return out;
    }

    /**
     * Every area's LSAs, area by area, each in database order; the AS-external-LSAs (in every
     * non-stub area's database) once, with the first such area.
     */
    public List<LsaView> database() {
        List<LsaView> out = new ArrayList<>();
        long now = sim.now();
        Area home = asbr.home();
        for (Area a : areas.values()) {
            for (Entry e : a.lsdb.values()) {
                Lsa l = e.lsa();
                if (l.type() == Lsa.EXTERNAL && a != home) {
                    continue;
                }
                out.add(new LsaView(a.id, l.type(), l.id(), l.advRouter(), e.age(now), l.seq(), l.checksum(),
                        l.type() == Lsa.NETWORK ? l.attached().size() : l.links().size(), l.mask(), l.externalType2()));
            }
        }
        return out;
    }

    /**
     * An area as {@code show ip ospf} describes it: interfaces, full neighbours, SPF runs, and per
     * LSA type (index 1 router to 4 ASBR-summary, 7 NSSA-external) the count and the checksum sum.
     */
    public record AreaView(int id, int interfaces, int active, int fullNeighbors, int spfRuns, int lsas, int[] counts,
                           long[] checksums, boolean otherRouters, boolean stub, boolean noSummary, boolean nssa) {
    }

    /** In an NSSA: whether this router is an area border router, and translates it (RFC 3101 3.1). */
    public boolean[] translator(int area) {
        Area a = areas.get(area);
        return new boolean[] {isAbr(), a != null && nssa.translates(a)};
    }

    /**
     * Whether this router is an AS boundary router: it redistributes routes ({@code redistribute
     * ...}), or is an NSSA border router (RFC 3101 3.1).
     */
    public boolean isAsbr() {
        return asbr.isAsbr() || nssa.border();
    }

    /** The AS-external-LSAs in the database: {count, checksum sum}, as {@code show ip ospf} sums them. */
    public long[] externalCount() {
        long n = 0;
        long sum = 0;
        for (Lsa l : asbr.externals(sim.now())) {
            n++;
            sum += l.checksum();
        }
        return new long[] {n, sum};
    }

    /** The discard routes of the active area ranges this router advertises (FRR's "D IA ... Discard entry"). */
    public List<OspfConfig.Range> discardRoutes() {
        return abr.discardRoutes();
    }

    public List<AreaView> areaViews() {
        List<AreaView> out = new ArrayList<>();
        for (Area a : areas.values()) {
            out.add(a.view());
        }
        return out;
    }

    /**
     * A route to an area border router or AS boundary router, as the router routing table of
     * {@code show ip ospf route} lists it ({@code interArea}: an AS boundary router of another area,
     * through an ASBR-summary-LSA).
     */
    public record BorderRouterView(int routerId, int cost, int area, List<NextHop> nextHops, boolean abr, boolean asbr,
                                   boolean interArea) {
        public BorderRouterView(int routerId, int cost, int area, List<NextHop> nextHops) {
            this(routerId, cost, area, nextHops, true, false, false);
        }
    }

    /** The area border and AS boundary routers the last route calculation reached, by router ID, then area. */
    public List<BorderRouterView> borderRouters() {
        List<BorderRouterView> out = new ArrayList<>();
        for (Area a : areas.values()) {
            for (Map.Entry<Integer, Area.RouterPath> e : a.routers.entrySet()) {
                Area.RouterPath r = e.getValue();
                boolean e2 = (r.flags() & Lsa.FLAG_E) != 0;
                if (r.border() || e2) {
                    out.add(new BorderRouterView(e.getKey(), r.cost(), a.id, r.nextHops(), r.border(), e2, false));
                }
            }
        }
        for (Map.Entry<Integer, Asbr.Path> e : asbr.paths().entrySet()) {
            Asbr.Path p = e.getValue();
            if (p.interArea()) {
                out.add(new BorderRouterView(e.getKey(), p.cost(), p.area(), p.nextHops(), false, true, true));
            }
        }
        out.sort((x, y) -> Integer.compareUnsigned(x.routerId(), y.routerId()));
        return out;
    }

    /** What {@code show ip ospf} says of the process: when SPF last ran and is due, the hold multiplier. */
    public record ProcessView(long lastSpfAgoNs, long spfDueNs, int holdMultiplier) {
    }

    public ProcessView process() {
        return new ProcessView(lastSpfAt == Long.MIN_VALUE ? -1 : sim.now() - lastSpfAt, spfDueNs(), holdMultiplier);
    }

    /** The interfaces, in configuration order. */
    public List<InterfaceView> interfaces() {
        List<InterfaceView> out = new ArrayList<>();
        long now = sim.now();
        for (Iface i : ifaces) {
            int adjacent = 0;
            for (Neighbor n : i.nbrs.values()) {
                if (n.state == State.FULL) {
                    adjacent++;
                }
            }
            out.add(new InterfaceView(i.nic, i.area.id, i.broadcast(), i.c.passive(), i.c.cost(), i.c.priority(),
                    i.state.label, i.routerIdAt(i.dr), i.dr, i.routerIdAt(i.bdr), i.bdr, i.c.helloSec(), i.c.deadSec(),
                    i.hello.isPending() ? i.hello.time() - now : -1, i.nbrs.size(), adjacent));
        }
        return out;
    }

    /** The links of each router's LSA in the database (for tests computing their own shortest paths). */
    public Map<Integer, List<Lsa.Link>> topology() {
        Map<Integer, List<Lsa.Link>> out = new TreeMap<>(Integer::compareUnsigned);
        for (Area a : areas.values()) {
            for (Entry e : a.lsdb.values()) {
                if (e.lsa().type() == Lsa.ROUTER) {
                    out.put(e.lsa().advRouter(), e.lsa().links());
                }
            }
        }
        return out;
    }
}
