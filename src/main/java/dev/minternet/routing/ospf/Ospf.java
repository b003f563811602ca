package dev.minternet.routing.ospf;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.ip.Route;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.routing.ospf.OspfRoute.NextHop;
import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
 * <p>Modelled, not real: no virtual links, area ranges or stub areas, no
 * authentication, no AS-external LSAs (so no ASBR-summary LSAs), no NBMA or point-to-multipoint networks; acknowledgements
 * table 19 calls delayed are sent at once; a MaxAge LSA leaves the database as soon as it has been
 * flooded rather than when every neighbour has acknowledged it; LS sequence number wrap-around is
 * not handled (it takes 2^31 originations).
 */
public final class Ospf implements ProtocolHandler {
    static final long SEC = 1_000_000_000L;
    /** RFC 2328 C.3 RxmtInterval, FRR's default. */
    static final long RXMT_NS = 5 * SEC;
    /** RFC 2328 appendix B. */
    static final long MIN_LS_INTERVAL_NS = 5 * SEC;
    static final long MIN_LS_ARRIVAL_NS = SEC;
    static final int INF_TRANS_DELAY = 1;
    /** IP precedence "internetwork control" (0xc0), which FRR sets on OSPF packets. */
    static final int TOS_INTERNETWORK_CONTROL = 0xc0;
    /** The kernel route metric zebra gives every route it installs ({@code proto ospf metric 20}). */
    public static final int KERNEL_METRIC = 20;
    public static final String PROTO = "ospf";

    private final Node node;
    private final IpStack ip;
    private final Simulator sim;
    final Trace trace;
    final Flooding flooding = new Flooding(this);
    private final OspfConfig cfg;
    final int rid;
    final List<Iface> ifaces = new ArrayList<>();
    /** The areas attached, by area ID (the backbone first). */
    final TreeMap<Integer, Area> areas = new TreeMap<>(Integer::compareUnsigned);
    final Abr abr;
    final SplittableRandom random;
    /** Network-LSAs to originate anew even if unchanged (an instance of an earlier life came back). */
    private final java.util.Set<Integer> forceNetwork = new java.util.TreeSet<>();
    /** Areas whose Router-LSA must be originated anew even if unchanged (an instance of an earlier life came back). */
    private final java.util.Set<Integer> forceRouter = new java.util.TreeSet<>();
    private long lastOriginate = Long.MIN_VALUE / 2;
    private final Timer originateTimer;
    private String originateReason;
    private final Timer spfTimer;
    private long lastSpf = Long.MIN_VALUE / 2;
    private int holdMultiplier = 1;
    private long spfRequestedAt;
    private int spfRuns;
    private final Timer ageTimer;
    private TreeMap<Long, OspfRoute> routes = new TreeMap<>();
    /** When the last SPF run started (FRR's "SPF algorithm last executed ... ago"). */
    private long lastSpfAt = -1;
    boolean running;
    /** When each of the node's interfaces last came up (zebra's connected routes' uptime). */
    private final Map<NetInterface, Long> upSince = new HashMap<>();

    /** An LSA in the database: the instance and the age it had when installed. */
    record Entry(Lsa lsa, long installedNs, int ageAtInstall) {
        int age(long now) {
            return (int) Math.min(Lsa.MAX_AGE, ageAtInstall + (now - installedNs) / SEC);
        }

        Lsa current(long now) {
            return lsa.withAge(age(now));
        }
    }

    /** A neighbour as {@code show ip ospf neighbor} lists it. */
    public record NeighborView(int routerId, int priority, String state, String role, long upNs, long deadInNs,
                               int address, NetInterface iface, int retransmits, int requests, int summaries) {
    }

    /** An interface as {@code show ip ospf interface} shows it (addresses 0: none). */
    public record InterfaceView(NetInterface iface, int area, boolean broadcast, boolean passive, int cost, int priority,
                                String state, int drId, int dr, int bdrId, int bdr, int helloSec, int deadSec,
                                long helloDueNs, int neighbors, int adjacent) {
    }

    /** An LSA as {@code show ip ospf database} lists it: in {@code area}; {@code mask} a Summary-LSA's. */
    public record LsaView(int area, int type, int id, int advRouter, int age, int seq, int checksum, int links, int mask) {
    }

    private Ospf(Node node, OspfConfig cfg) {
        this.node = node;
        this.ip = node.ip();
        this.sim = node.sim();
        this.trace = node.trace();
        this.cfg = cfg;
        this.rid = cfg.routerId();
        this.random = node.random("ospf");
        this.originateTimer = new Timer(sim, this::originate);
        this.spfTimer = new Timer(sim, this::runSpf);
        this.abr = new Abr(this);
        this.ageTimer = new Timer(sim, this::age);
        for (OspfConfig.IfaceConfig c : cfg.interfaces()) {
            NetInterface nic = ip.iface(c.name());
            if (nic == null) {
                throw new IllegalArgumentException("no interface " + c.name() + " on " + node.name());
            }
            Area a = areas.computeIfAbsent(c.area(), Area::new);
            Iface i = new Iface(this, nic, c, a);
            ifaces.add(i);
            a.ifaces.add(i);
            nic.onCarrierChange(() -> carrier(i));
        }
        for (NetInterface nic : ip.interfaces()) {
            upSince.put(nic, 0L);
            nic.onCarrierChange(() -> {
                if (nic.isUp()) {
                    upSince.put(nic, sim.now());
                }
            });
        }
    }

    /** When {@code nic} last came up (0: since the start). */
    public long upSince(NetInterface nic) {
        return upSince.getOrDefault(nic, 0L);
    }

    /** Starts OSPF on {@code node} (protocol 89), attached to the node for vtysh. */
    public static Ospf start(Node node, OspfConfig cfg) {
        Ospf o = new Ospf(node, cfg);
        node.ip().register(OspfPacket.PROTOCOL, o);
        node.attach(Ospf.class, o);
        node.onCrash(o::stop);
        node.onRestore(o::boot);
        o.boot();
        return o;
    }

    Simulator sim() {
        return sim;
    }

    public Node node() {
        return node;
    }

    public int routerId() {
        return rid;
    }

    /** The lowest area attached (the backbone when attached to it). */
    public int area() {
        return areas.isEmpty() ? 0 : areas.firstKey();
    }

    /** The areas attached, in order. */
    public List<Integer> areaIds() {
        return List.copyOf(areas.keySet());
    }

    /**
     * Whether this router is an area border router: FRR's default rule ("Alternative Cisco", RFC
     * 3509): interfaces configured in more than one area, one of them up in the backbone.
     */
    public boolean isAbr() {
        Area bb = areas.get(0);
        return areas.size() > 1 && bb != null && bb.active();
    }

    public OspfConfig config() {
        return cfg;
    }

    public int spfRuns() {
        return spfRuns;
    }

    /** Boots the protocol: interfaces up, hellos, the first Router-LSA. */
    private void boot() {
        running = true;
        for (Area a : areas.values()) {
            a.seqs.clear();
        }
        forceNetwork.clear();
        forceRouter.clear();
        abr.clear();
        for (Iface i : ifaces) {
            if (i.nic.isUp()) {
                i.start();
            }
        }
        requestOriginate("start");
    }

    /** The router went down: every neighbour, LSA and route goes with it (a reboot starts afresh). */
    private void stop() {
        running = false;
        for (Iface i : ifaces) {
            i.stop(false);
        }
        originateTimer.cancel();
        spfTimer.cancel();
        ageTimer.cancel();
        abr.clear();
        for (Area a : areas.values()) {
            a.lsdb.clear();
            a.routers = new TreeMap<>();
        }
        routes = new TreeMap<>();
        ip.table().removeProto(PROTO);
    }

    private void carrier(Iface i) {
        if (!running) {
            return;
        }
        boolean up = i.nic.isUp();
        if (up == i.up) {
            return;
        }
        if (!up) {
            i.stop(true);
            requestOriginate("interface " + i.nic.name() + " down");
        } else {
            i.start();
            requestOriginate("interface " + i.nic.name() + " up");
        }
    }

    // ---------------------------------------------------------------- sending

    void send(Iface i, int dst, byte[] pkt, int items) {
        byte[] d = IpStack.allocate(pkt.length);
        System.arraycopy(pkt, 0, d, IpStack.HEADER_ROOM, pkt.length);
        int r = ip.outputOn(i.nic, d, i.nic.address(), dst, OspfPacket.PROTOCOL, 1, TOS_INTERNETWORK_CONTROL);
        if (r == IpStack.OK && trace.enabled()) {
            trace.emit(node.name(), OspfEvents.SEND, i.nic.name(), OspfPacket.typeName(pkt[1]), pkt.length, items,
                    Ip4.str(dst));
        }
    }

    int ddRoom(Iface i) {
        return Math.max(1, (i.nic.mtu() - 20 - OspfPacket.HEADER - 8) / Lsa.HEADER);
    }

    void sendDd(Neighbor n, int flags, List<Lsa> headers) {
        byte[] p = OspfPacket.dd(rid, n.iface.area.id, n.iface.nic.mtu(), flags, n.ddSeq, headers);
        n.lastSentDd = p;
        send(n.iface, n.iface.unicast(n), p, headers.size());
    }

    // ---------------------------------------------------------------- receiving

    @Override
    public void receive(IpHeaderView v) {
        Iface i = null;
        for (Iface c : ifaces) {
            if (c.nic == v.iface()) {
                i = c;
            }
        }
        if (!running || i == null || !i.up || i.c.passive()) {
            return; // not an OSPF interface: the packet is not for us (FRR would not have joined the group there)
        }
        byte[] b = v.buffer();
        int off = v.payloadOffset();
        int end = off + v.payloadLength();
        String bad = OspfPacket.check(b, off, end);
        int type = end - off > 1 ? b[off + 1] & 0xff : 0;
        if (bad == null && BigEndian.u32(b, off + 8) != i.area.id) {
            bad = "area " + Ip4.str(BigEndian.u32(b, off + 8)) + " is not " + Ip4.str(i.area.id); // 8.2
        }
        int from = end - off >= 8 ? BigEndian.u32(b, off + 4) : 0;
        if (bad == null && from == rid) {
            bad = "own router ID";
        }
        if (bad == null && v.dst() == OspfPacket.ALL_D_ROUTERS && i.state != Iface.IfState.DR
                && i.state != Iface.IfState.BACKUP) {
            bad = "to AllDRouters but not DR or Backup"; // 8.2: only they listen there
        }
        if (bad != null) {
            drop(i, type, bad);
            return;
        }
        end = off + BigEndian.u16(b, off + 2);
        int body = off + OspfPacket.HEADER;
        if (type == OspfPacket.HELLO) {
            i.receiveHello(b, body, end, from, v.src());
            return;
        }
        Neighbor n = i.nbrs.get(from);
        if (n == null) {
            drop(i, type, "no neighbour " + Ip4.str(from) + " on " + i.nic.name());
            return;
        }
        int items;
        switch (type) {
            case OspfPacket.DD -> items = n.dd(b, body, end);
            case OspfPacket.LSR -> items = n.lsr(b, body, end);
            case OspfPacket.LSU -> items = flooding.lsu(n, b, body, end);
            case OspfPacket.LSACK -> items = flooding.ack(n, b, body, end);
            default -> {
                drop(i, type, "unknown packet type");
                return;
            }
        }
        if (items >= 0) {
            traceReceive(i, type, end - off, items, from);
        }
    }

    void traceReceive(Iface i, int type, int length, int items, int from) {
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.RECEIVE, i.nic.name(), OspfPacket.typeName(type), length, items,
                    Ip4.str(from));
        }
    }

    void drop(Iface i, int type, String why) {
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.DROP, i.nic.name(), OspfPacket.typeName(type), why);
        }
    }

    void traceElection(Iface i, String event) {
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.ELECTION, i.nic.name(), i.state.label, Ip4.str(i.routerIdAt(i.dr)),
                    Ip4.str(i.dr), Ip4.str(i.routerIdAt(i.bdr)), Ip4.str(i.bdr), event);
        }
    }

    void inactivity(Neighbor n) {
        if (running && n.iface.has(n)) {
            killNeighbor(n, "InactivityTimer");
        }
    }

    void killNeighbor(Neighbor n, String event) {
        boolean wasFull = n.state == State.FULL;
        n.stop();
        change(n, State.DOWN, event);
        n.iface.nbrs.remove(n.routerId);
        if (wasFull) {
            requestOriginate("adjacency with " + Ip4.str(n.routerId) + " down");
        }
        n.iface.neighborChange();
    }

    void change(Neighbor n, State to, String event) {
        State from = n.state;
        n.state = to;
        if (from != to) {
            n.stateSince = sim.now();
        }
        if (trace.enabled() && from != to) {
            trace.emit(node.name(), OspfEvents.ADJACENCY, n.iface.nic.name(), Ip4.str(n.routerId), Ip4.str(n.address),
                    from.label, to.label, event);
        }
    }

    // ---------------------------------------------------------------- the database

    /**
     * 13.4: a newer instance of an LSA this router originated, from before a restart. It is
     * installed and flooded; then a Network-LSA for a segment this router is no longer DR of is
     * flushed, and any other is originated anew past the received sequence number.
     */
    boolean selfOriginated(Area a, Lsa l, Neighbor from) {
        a.seqs.merge(l.key(), l.seq(), Math::max);
        boolean backOut = flooding.install(a, l, from);
        if (l.type() == Lsa.SUMMARY) {
            abr.force(a, l.key()); // originated anew past it if still wanted, else flushed
            return backOut;
        }
        Iface own = null;
        for (Iface i : a.ifaces) {
            if (i.nic.address() == l.id()) {
                own = i;
            }
        }
        if (l.type() != Lsa.ROUTER
                && (own == null || !own.up || own.state != Iface.IfState.DR || !own.transit() || l.type() != Lsa.NETWORK)) {
            flooding.install(a, l.withAge(Lsa.MAX_AGE), null);
            return backOut;
        }
        if (l.type() == Lsa.NETWORK) {
            forceNetwork.add(l.id());
        } else {
            forceRouter.add(a.id);
        }
        lastOriginate = Long.MIN_VALUE / 2;
        requestOriginate("newer self-originated LSA received");
        return backOut;
    }

    /** Asks for a new Router-LSA (and Network-LSAs where this router is DR), no sooner than MinLSInterval after the last (RFC 2328 12.4). */
    void requestOriginate(String reason) {
        if (!running) {
            return;
        }
        if (originateReason == null) {
            originateReason = reason;
        }
        long at = Math.max(sim.now(), lastOriginate + MIN_LS_INTERVAL_NS);
        if (!originateTimer.isPending()) {
            originateTimer.setAt(at);
        }
    }

    private void originate() {
        if (!running) {
            return;
        }
        lastOriginate = sim.now();
        String reason = originateReason == null ? "refresh" : originateReason;
        originateReason = null;
        int flags = isAbr() ? Lsa.FLAG_B : 0;
        for (Area a : areas.values()) {
            List<Lsa.Link> links = a.routerLinks();
            Lsa.Key key = new Lsa.Key(Lsa.ROUTER, rid, rid);
            Entry cur = a.lsdb.get(key);
            if (areas.size() > 1 && !reason.equals("refresh") && !forceRouter.remove(a.id) && cur != null
                    && cur.lsa().sameBody(Lsa.router(rid, flags, 0, 0, links))) {
                continue; // an area border router does not renew an area's Router-LSA that would not change
            }
            Lsa l = Lsa.router(rid, flags, a.nextSeq(key), 0, links);
            if (trace.enabled()) {
                trace.emit(node.name(), OspfEvents.ORIGINATE, l.describe(), (long) l.seq(), links.size(), reason,
                        Ip4.str(a.id));
            }
            flooding.install(a, l, null);
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
        Entry cur = i.area.lsdb.get(key);
        if (i.up && i.state == Iface.IfState.DR && i.transit()) {
            int mask = Ip4.mask(i.nic.cidr().length());
            Lsa body = Lsa.network(i.nic.address(), rid, 0, 0, mask, i.attached());
            if (cur != null && cur.lsa().sameBody(body) && !refresh && !forceNetwork.remove(i.nic.address())) {
                return;
            }
            Lsa l = Lsa.network(i.nic.address(), rid, i.area.nextSeq(key), 0, mask, i.attached());
            if (trace.enabled()) {
                trace.emit(node.name(), OspfEvents.ORIGINATE, l.describe(), (long) l.seq(), l.attached().size(), reason,
                        Ip4.str(i.area.id));
            }
            flooding.install(i.area, l, null);
        } else if (cur != null) {
            if (trace.enabled()) {
                trace.emit(node.name(), OspfEvents.ORIGINATE, cur.lsa().describe(), (long) cur.lsa().seq(), 0,
                        "no longer DR on " + i.nic.name() + ": flushed", Ip4.str(i.area.id));
            }
            flooding.install(i.area, cur.current(sim.now()).withAge(Lsa.MAX_AGE), null);
        }
    }

    /** Refreshes our LSAs at LSRefreshTime and flushes others' at MaxAge (RFC 2328 14). */
    private void age() {
        if (!running) {
            return;
        }
        long now = sim.now();
        boolean routerRefreshed = false;
        for (Area area : areas.values()) {
            for (Entry e : new ArrayList<>(area.lsdb.values())) {
                int a = e.age(now);
                if (e.lsa().advRouter() == rid) {
                    if (a < Lsa.LS_REFRESH_TIME || area.lsdb.get(e.lsa().key()) != e) {
                        continue;
                    }
                    if (e.lsa().type() == Lsa.ROUTER) {
                        if (!routerRefreshed) {
                            routerRefreshed = true;
                            originateReason = "refresh";
                            originate();
                        }
                    } else if (e.lsa().type() == Lsa.SUMMARY) {
                        abr.refresh(area, e.lsa());
                    } else {
                        for (Iface i : area.ifaces) {
                            if (i.nic.address() == e.lsa().id()) {
                                originateNetwork(i, true, "refresh");
                            }
                        }
                    }
                } else if (a >= Lsa.MAX_AGE) {
                    flooding.install(area, e.lsa().withAge(Lsa.MAX_AGE), null);
                }
            }
        }
        armAgeTimer();
    }

    void armAgeTimer() {
        long next = Long.MAX_VALUE;
        for (Area a : areas.values()) {
            for (Entry e : a.lsdb.values()) {
                int limit = e.lsa().advRouter() == rid ? Lsa.LS_REFRESH_TIME : Lsa.MAX_AGE;
                next = Math.min(next, e.installedNs() + (limit - e.ageAtInstall()) * SEC);
            }
        }
        if (next == Long.MAX_VALUE) {
            ageTimer.cancel();
        } else {
            ageTimer.setAt(Math.max(next, sim.now()));
        }
    }

    // ---------------------------------------------------------------- SPF

    /** FRR's SPF throttle (ospf_spf_calculate_schedule): delay, then a hold time that doubles up to the maximum. */
    void requestSpf() {
        if (!running || spfTimer.isPending()) {
            return;
        }
        long now = sim.now();
        long elapsed = now - lastSpf;
        long ht = Math.min(cfg.spfHoldNs() * holdMultiplier, cfg.spfMaxHoldNs());
        long delay;
        if (elapsed < ht) {
            if (ht < cfg.spfMaxHoldNs()) {
                holdMultiplier++;
            }
            delay = Math.max(cfg.spfDelayNs(), ht - elapsed);
        } else {
            delay = cfg.spfDelayNs();
            holdMultiplier = 1;
        }
        spfRequestedAt = now;
        spfTimer.setAfter(delay);
    }

    /**
     * SPF in every area (16.1), then the inter-area routes from the Summary-LSAs (16.2), into the
     * routing table; then, as an area border router, the Summary-LSAs those routes call for (12.4.3).
     */
    private void runSpf() {
        if (!running) {
            return;
        }
        long now = sim.now();
        lastSpf = now;
        lastSpfAt = now;
        spfRuns++;
        TreeMap<Long, OspfRoute> intra = new TreeMap<>();
        int reached = 0;
        StringBuilder names = new StringBuilder();
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
            names.append(names.length() == 0 ? "" : ",").append(Ip4.str(a.id));
        }
        TreeMap<Long, OspfRoute> next = abr.interArea(intra, now);
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
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.SPF, names.toString(), spfRuns, now - spfRequestedAt, reached,
                    next.size(), changed, inter);
        }
        abr.update();
    }

    /** The routes of the last SPF run, by prefix key (network << 6 | length). */
    TreeMap<Long, OspfRoute> routeMap() {
        return routes;
    }

    long spfDueNs() {
        return spfTimer.isPending() ? spfTimer.time() - sim.now() : -1;
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

    /** Every area's LSAs, area by area, each in database order. */
    public List<LsaView> database() {
        List<LsaView> out = new ArrayList<>();
        long now = sim.now();
        for (Area a : areas.values()) {
            for (Entry e : a.lsdb.values()) {
                Lsa l = e.lsa();
                out.add(new LsaView(a.id, l.type(), l.id(), l.advRouter(), e.age(now), l.seq(), l.checksum(),
                        l.type() == Lsa.NETWORK ? l.attached().size() : l.links().size(), l.mask()));
            }
        }
        return out;
    }

    /** The database's LSAs (every area's, area by area) as bytes without their ages, for comparing two routers' databases. */
    public List<String> databaseContents() {
        List<String> out = new ArrayList<>();
        for (int a : areas.keySet()) {
            out.addAll(databaseContents(a));
        }
        return Collections.unmodifiableList(out);
    }

    /** Area {@code area}'s LSAs as bytes without their ages (empty when not attached). */
    public List<String> databaseContents(int area) {
        List<String> out = new ArrayList<>();
        Area a = areas.get(area);
        for (Entry e : a == null ? List.<Entry>of() : a.lsdb.values()) {
            byte[] b = e.lsa().bytes.clone();
            b[0] = 0;
            b[1] = 0;
            out.add(java.util.HexFormat.of().formatHex(b));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * An area as {@code show ip ospf} describes it: interfaces, full neighbours, SPF runs, and per
     * LSA type (index 1 router to 4 ASBR-summary) the count and the checksum sum.
     */
    public record AreaView(int id, int interfaces, int active, int fullNeighbors, int spfRuns, int lsas, int[] counts,
                           long[] checksums, boolean otherRouters) {
    }

    public List<AreaView> areaViews() {
        List<AreaView> out = new ArrayList<>();
        for (Area a : areas.values()) {
            out.add(a.view());
        }
        return out;
    }

    /** A route to an area border router, as the router routing table of {@code show ip ospf route} lists it. */
    public record BorderRouterView(int routerId, int cost, int area, List<NextHop> nextHops) {
    }

    /** The area border routers the last SPF run reached, by router ID, then area. */
    public List<BorderRouterView> borderRouters() {
        List<BorderRouterView> out = new ArrayList<>();
        for (Area a : areas.values()) {
            for (Map.Entry<Integer, Area.RouterPath> e : a.routers.entrySet()) {
                if (e.getValue().border()) {
                    out.add(new BorderRouterView(e.getKey(), e.getValue().cost(), a.id, e.getValue().nextHops()));
                }
            }
        }
        out.sort((x, y) -> Integer.compareUnsigned(x.routerId(), y.routerId()));
        return out;
    }

    /** What {@code show ip ospf} says of the process: when SPF last ran and is due, the hold multiplier. */
    public record ProcessView(long lastSpfAgoNs, long spfDueNs, int holdMultiplier) {
    }

    public ProcessView process() {
        return new ProcessView(lastSpfAt < 0 ? -1 : sim.now() - lastSpfAt, spfDueNs(), holdMultiplier);
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
