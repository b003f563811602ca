package dev.minternet.routing.ospf;

import dev.minternet.ip.NetInterface;
import dev.minternet.node.Node;
import dev.minternet.routing.ospf.Neighbor.State;
import dev.minternet.sim.Simulator;
import dev.minternet.sim.Timer;
import dev.minternet.trace.Trace;
import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * What OSPFv2 ({@link Ospf}, RFC 2328) and OSPFv3 ({@link Ospf6}, RFC 5340) share on one router:
 * the interfaces and neighbours ({@link Iface}, {@link Neighbor}), each area's link state database
 * ({@link Area}; OSPFv3 runs area 0 only) with aging (14), origination no more often than MinLSInterval (12.4), flooding ({@link Flooding}),
 * the handling of a newer instance of one's own LSA (13.4), packet dispatch after the
 * version's own checks, and SPF throttled as FRR's {@code timers throttle spf} does. RFC 5340 2
 * says it itself: "most of the OSPFv2 mechanisms are retained"; a subclass brings its packets
 * ({@link OspfCodec}), its IP layer, its LSAs and its route calculation.
 */
abstract class OspfCore {
    static final long SEC = 1_000_000_000L;
    /** RFC 2328 C.3 RxmtInterval, FRR's default. */
    static final long RXMT_NS = 5 * SEC;
    /** RFC 2328 appendix B. */
    static final long MIN_LS_INTERVAL_NS = 5 * SEC;
    static final long MIN_LS_ARRIVAL_NS = SEC;
    static final int INF_TRANS_DELAY = 1;

    final Node node;
    final Simulator sim;
    final Trace trace;
    final OspfEvents.Kinds ev;
    final OspfCodec codec;
    final Flooding flooding = new Flooding(this);
    final OspfConfig cfg;
    final int rid;
    final List<Iface> ifaces = new ArrayList<>();
    /** The areas attached, by area ID (the backbone first): each has its own database and sequence numbers. */
    final TreeMap<Integer, Area> areas = new TreeMap<>(Integer::compareUnsigned);
    final SplittableRandom random;
    long lastOriginate = Long.MIN_VALUE / 2;
    private final Timer originateTimer;
    String originateReason;
    private final Timer spfTimer;
    private long lastSpf = Long.MIN_VALUE / 2;
    int holdMultiplier = 1;
    /** When the last SPF run started (FRR's "SPF algorithm last executed ... ago"), -1 before the first. */
    long lastSpfAt = Long.MIN_VALUE; // never (times before 0 s are a warm-up's)
    private long spfRequestedAt;
    private int spfRuns;
    private final Timer ageTimer;
    boolean running;
    /** When each of the node's interfaces last came up (zebra's connected routes' uptime). */
    private final Map<NetInterface, Long> upSince = new HashMap<>();

    /** An LSA in the database: the instance, the age it had when installed, and its link (link-scope LSAs only, else null). */
    record Entry(Lsa lsa, long installedNs, int ageAtInstall, Iface scope) {
        int age(long now) {
            return (int) Math.min(Lsa.MAX_AGE, ageAtInstall + (now - installedNs) / SEC);
        }

        Lsa current(long now) {
            return lsa.withAge(age(now));
        }
    }

    OspfCore(Node node, OspfConfig cfg, OspfCodec codec, OspfEvents.Kinds ev, String randomName) {
        this.node = node;
        this.sim = node.sim();
        this.trace = node.trace();
        this.cfg = cfg;
        this.codec = codec;
        this.ev = ev;
        this.rid = cfg.routerId();
        this.random = node.random(randomName);
        this.originateTimer = new Timer(sim, this::originateNow);
        this.spfTimer = new Timer(sim, this::runSpf);
        this.ageTimer = new Timer(sim, this::age);
        for (OspfConfig.IfaceConfig c : cfg.interfaces()) {
            NetInterface nic = node.ip().iface(c.name());
            if (nic == null) {
                throw new IllegalArgumentException("no interface " + c.name() + " on " + node.name());
            }
            Area a = areas.computeIfAbsent(c.area(), id -> new Area(id, cfg.area(id)));
            Iface i = new Iface(this, nic, c, a);
            ifaces.add(i);
            a.ifaces.add(i);
            nic.onCarrierChange(() -> carrier(i));
        }
        for (NetInterface nic : node.ip().interfaces()) {
            upSince.put(nic, sim.now()); // the router boots with its interfaces up (before 0 s after a warm-up)
            nic.onCarrierChange(() -> {
                if (nic.isUp()) {
                    upSince.put(nic, sim.now());
                }
            });
        }
    }

    /** Crash and restore as a real router's daemon sees them. */
    final void attachLifecycle() {
        node.onCrash(this::stop);
        node.onRestore(this::boot);
        boot();
    }

    /** When {@code nic} last came up: the router's boot ({@link Simulator#startTime} for one OSPF does not run on), or its last carrier. */
    public long upSince(NetInterface nic) {
        return upSince.getOrDefault(nic, sim.startTime());
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

    public OspfConfig config() {
        return cfg;
    }

    public int spfRuns() {
        return spfRuns;
    }

    // ---------------------------------------------------------------- what a version brings

    /** Sends {@code pkt} out of {@code i} to {@code dst}: AllSPFRouters, AllDRouters or a neighbour's {@link Neighbor#address}. */
    abstract void send(Iface i, int dst, byte[] pkt, int items);

    /** How this router names itself as DR or BDR on {@code i}: its interface address (OSPFv2), its router ID (OSPFv3). */
    abstract int selfId(Iface i);

    /** A neighbour's address as the trace shows it. */
    abstract String addressText(Neighbor n);

    /** Originates this router's LSAs (those changed, or all with {@code refresh}) for {@code reason}. */
    abstract void originateAll(String reason);

    /** Whether this router still originates {@code own} into area {@code a} (an LSA of its own from an earlier life, 13.4). */
    abstract boolean stillOriginates(Area a, Lsa own);

    /** Re-originates {@code own} of area {@code a}, which reached LSRefreshTime. */
    abstract void refresh(Area a, Lsa own);

    /** The link a link-scope LSA belongs to (OSPFv3's Link-LSA), or null for an area-scope one. */
    abstract Iface linkScope(Lsa l, Neighbor from);

    /** Runs the route calculation and installs its routes: {routers reached, routes, routes changed, inter-area routes}. */
    abstract int[] calculate(long now);

    /** After an SPF run was traced (an area border router's Summary-LSAs, 12.4.3). */
    void afterSpf() {
    }

    /** The router boots (afresh after a crash). */
    void booting() {
    }

    /** Clears the version's own state when the router goes down (its routes leave the table). */
    abstract void clear();

    // ---------------------------------------------------------------- life

    /** Boots the protocol: interfaces up, hellos, the first Router-LSA. */
    private void boot() {
        running = true;
        for (Area a : areas.values()) {
            a.seqs.clear();
            a.force.clear();
        }
        booting();
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
        for (Area a : areas.values()) {
            a.lsdb.clear();
        }
        clear();
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

    // ---------------------------------------------------------------- packets

    int ddRoom(Iface i) {
        return Math.max(1, (i.nic.mtu() - codec.ipHeader() - codec.header() - codec.ddFixed()) / Lsa.HEADER);
    }

    void sendDd(Neighbor n, int flags, List<Lsa> headers) {
        byte[] p = codec.dd(rid, n.iface, n.iface.nic.mtu(), flags, n.ddSeq, headers);
        n.lastSentDd = p;
        send(n.iface, n.iface.unicast(n), p, headers.size());
    }

    /** The interface a packet arrived on, if OSPF runs there and listens (else null: not for us). */
    Iface receivingIface(NetInterface nic) {
        for (Iface c : ifaces) {
            if (c.nic == nic && running && c.up && !c.c.passive()) {
                return c;
            }
        }
        return null;
    }

    /**
     * A packet whose version, length and checksum held (RFC 2328 8.2, RFC 5340 4.2.2): the area,
     * the sender and the AllDRouters rule checked, then to the Hello protocol or the neighbour.
     * {@code toAllD} says it went to AllDRouters; {@code src} is the sender's address as
     * {@link Neighbor#address} keeps it.
     */
    void dispatch(Iface i, byte[] b, int off, int end, boolean toAllD, int src, Object srcAddress) {
        int type = b[off + 1] & 0xff;
        String bad = null;
        if (BigEndian.u32(b, off + 8) != i.area.id) {
            bad = "area " + Ip4.str(BigEndian.u32(b, off + 8)) + " is not " + Ip4.str(i.area.id); // 8.2
        }
        int from = BigEndian.u32(b, off + 4);
        if (bad == null && from == rid) {
            bad = "own router ID";
        }
        if (bad == null && toAllD && i.state != Iface.IfState.DR && i.state != Iface.IfState.BACKUP) {
            bad = "to AllDRouters but not DR or Backup"; // 8.2: only they listen there
        }
        if (bad != null) {
            drop(i, type, bad);
            return;
        }
        end = off + BigEndian.u16(b, off + 2);
        int body = off + codec.header();
        if (type == OspfPacket.HELLO) {
            i.receiveHello(b, body, end, from, src, srcAddress);
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

    void traceSend(Iface i, byte[] pkt, int items, String dst) {
        if (trace.enabled()) {
            trace.emit(node.name(), ev.send(), i.nic.name(), OspfPacket.typeName(pkt[1]), pkt.length, items, dst);
        }
    }

    void traceReceive(Iface i, int type, int length, int items, int from) {
        if (trace.enabled()) {
            trace.emit(node.name(), ev.receive(), i.nic.name(), OspfPacket.typeName(type), length, items, Ip4.str(from));
        }
    }

    void drop(Iface i, int type, String why) {
        if (trace.enabled()) {
            trace.emit(node.name(), ev.drop(), i.nic.name(), OspfPacket.typeName(type), why);
        }
    }

    /** The trace's DR and BDR addresses on {@code i}. */
    abstract String idText(Iface i, int id);

    void traceElection(Iface i, String event) {
        if (trace.enabled()) {
            trace.emit(node.name(), ev.election(), i.nic.name(), i.state.label, Ip4.str(i.routerIdAt(i.dr)),
                    idText(i, i.dr), Ip4.str(i.routerIdAt(i.bdr)), idText(i, i.bdr), event);
        }
    }

    // ---------------------------------------------------------------- neighbours

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
        if (from != to && trace.wants(ev.adjacency())) {
            trace.emit(node.name(), ev.adjacency(), n.iface.nic.name(), Ip4.str(n.routerId), addressText(n),
                    from.label, to.label, event);
        }
    }

    // ---------------------------------------------------------------- the database

    /**
     * 13.4: a newer instance of an LSA this router originated, from before a restart. It is
     * installed and flooded; then one this router no longer originates is flushed, and any other
     * is originated anew past the received sequence number.
     */
    boolean selfOriginated(Area a, Lsa l, Neighbor from) {
        a.seqs.merge(l.key(), l.seq(), Math::max);
        boolean backOut = flooding.install(a, l, from);
        if (!stillOriginates(a, l)) {
            flooding.install(a, l.withAge(Lsa.MAX_AGE), null);
            return backOut;
        }
        a.force.add(l.key());
        lastOriginate = Long.MIN_VALUE / 2;
        requestOriginate("newer self-originated LSA received");
        return backOut;
    }

    /** Asks for new instances of this router's LSAs, no sooner than MinLSInterval after the last (RFC 2328 12.4). */
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

    /** Originates now, with the reason asked for (or refresh). */
    void originateNow() {
        if (!running) {
            return;
        }
        lastOriginate = sim.now();
        String reason = originateReason == null ? "refresh" : originateReason;
        originateReason = null;
        originateAll(reason);
    }

    /** Installs a new instance of one's own LSA into area {@code a} (the next sequence number), traced with its link count. */
    void install(Area a, Lsa l, int links, String reason) {
        if (trace.enabled()) {
            trace.emit(node.name(), ev.originate(), l.describe(), (long) l.seq(), links, reason, Ip4.str(a.id));
        }
        flooding.install(a, l, null);
    }

    /**
     * Originates the LSA {@code make} builds for a sequence number, unless the instance installed
     * has the same body and neither {@code refresh} nor a 13.4 restart asks for a new one.
     */
    void originateIfChanged(Area a, Lsa.Key key, IntFunction<Lsa> make, boolean refresh, int links, String reason) {
        Entry cur = a.lsdb.get(key);
        if (cur != null && cur.lsa().sameBody(make.apply(0)) && !refresh && !a.force.remove(key)) {
            return;
        }
        install(a, make.apply(a.nextSeq(key)), links, reason);
    }

    /** Flushes one's own LSA {@code key} if it is in area {@code a}'s database (14.1: premature aging). */
    void flushOwn(Area a, Lsa.Key key, String reason) {
        Entry cur = a.lsdb.get(key);
        if (cur == null) {
            return;
        }
        if (trace.enabled()) {
            trace.emit(node.name(), ev.originate(), cur.lsa().describe(), (long) cur.lsa().seq(), 0, reason + ": flushed",
                    Ip4.str(a.id));
        }
        flooding.install(a, cur.current(sim.now()).withAge(Lsa.MAX_AGE), null);
    }

    /** Refreshes our LSAs at LSRefreshTime and flushes others' at MaxAge (RFC 2328 14). */
    private void age() {
        if (!running) {
            return;
        }
        long now = sim.now();
        for (Area area : areas.values()) {
            for (Entry e : new ArrayList<>(area.lsdb.values())) {
                int a = e.age(now);
                if (e.lsa().advRouter() == rid) {
                    if (a >= Lsa.LS_REFRESH_TIME && area.lsdb.get(e.lsa().key()) == e) {
                        refresh(area, e.lsa()); // unless an earlier refresh in this pass replaced it
                    }
                } else if (a >= Lsa.MAX_AGE && area.lsdb.get(e.lsa().key()) == e) {
                    flooding.install(area, e.lsa().withAge(Lsa.MAX_AGE), null); // (an AS-external one leaves every area at once)
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

    /** A new LSA body entered (or one left) the database: the routes may change. */
    void lsaChanged(Lsa l) {
        requestSpf();
    }

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

    private void runSpf() {
        if (!running) {
            return;
        }
        long now = sim.now();
        lastSpf = now;
        lastSpfAt = now;
        spfRuns++;
        int[] r = calculate(now);
        if (trace.enabled()) {
            StringBuilder names = new StringBuilder();
            for (int a : areas.keySet()) {
                names.append(names.length() == 0 ? "" : ",").append(Ip4.str(a));
            }
            trace.emit(node.name(), ev.spf(), names.toString(), spfRuns, now - spfRequestedAt, r[0], r[1], r[2],
                    r[3]);
        }
        afterSpf();
    }

    long spfDueNs() {
        return spfTimer.isPending() ? spfTimer.time() - sim.now() : -1;
    }

    // ---------------------------------------------------------------- views

    /** The database's LSAs (every area's, area by area) as bytes without their ages, for comparing two routers' databases. */
    public List<String> databaseContents() {
        List<String> out = new ArrayList<>();
        for (int a : areas.keySet()) {
            out.addAll(databaseContents(a));
        }
        return java.util.Collections.unmodifiableList(out);
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
        return java.util.Collections.unmodifiableList(out);
    }
}
