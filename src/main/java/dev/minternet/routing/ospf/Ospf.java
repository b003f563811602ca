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
 * OSPFv2 on one router (RFC 2328), over point-to-point interfaces: hellos to 224.0.0.5 with TTL 1,
 * the neighbour state machine to Full (10.3) through the Database Description exchange (10.6,
 * 10.8) and Link State Requests (10.9), the router's Router-LSA (12.4.1) originated no more often
 * than MinLSInterval, reliable flooding with acknowledgements and retransmission every
 * RxmtInterval (13), aging with refresh at LSRefreshTime and flushing at MaxAge (14), and SPF
 * (16.1) throttled as FRR's {@code timers throttle spf} does, whose routes go into the node's
 * routing table with proto "ospf" (equal-cost paths together).
 *
 * <p>Modelled, not real: one area per router (no area border routers, so no summary LSAs), no
 * DR/BDR (no broadcast networks exist), no authentication, no AS-external LSAs; a MaxAge LSA
 * leaves the database as soon as it has been flooded rather than when every neighbour has
 * acknowledged it; LS sequence number wrap-around is not handled (it takes 2^31 originations).
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
    private final Trace trace;
    private final OspfConfig cfg;
    final int rid;
    final int area;
    final List<Iface> ifaces = new ArrayList<>();
    final TreeMap<Lsa.Key, Entry> lsdb = new TreeMap<>();
    final SplittableRandom random;
    private int ownSeq = Lsa.INITIAL_SEQUENCE - 1;
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

    /** An OSPF interface: its link, configuration, hello timer and (point-to-point) neighbour. */
    final class Iface {
        final NetInterface nic;
        final OspfConfig.IfaceConfig c;
        final Timer hello;
        Neighbor nbr;
        boolean up;

        Iface(NetInterface nic, OspfConfig.IfaceConfig c) {
            this.nic = nic;
            this.c = c;
            this.hello = new Timer(sim, () -> sendHello(this));
        }
    }

    /** A neighbour as {@code show ip ospf neighbor} lists it. */
    public record NeighborView(int routerId, int priority, String state, long upNs, long deadInNs, int address,
                               NetInterface iface, int retransmits, int requests, int summaries) {
    }

    /** An LSA as {@code show ip ospf database} lists it. */
    public record LsaView(int type, int id, int advRouter, int age, int seq, int checksum, int links) {
    }

    private Ospf(Node node, OspfConfig cfg) {
        this.node = node;
        this.ip = node.ip();
        this.sim = node.sim();
        this.trace = node.trace();
        this.cfg = cfg;
        this.rid = cfg.routerId();
        this.area = cfg.interfaces().isEmpty() ? 0 : cfg.interfaces().get(0).area();
        this.random = node.random("ospf");
        this.originateTimer = new Timer(sim, this::originate);
        this.spfTimer = new Timer(sim, this::runSpf);
        this.ageTimer = new Timer(sim, this::age);
        for (OspfConfig.IfaceConfig c : cfg.interfaces()) {
            NetInterface nic = ip.iface(c.name());
            if (nic == null) {
                throw new IllegalArgumentException("no interface " + c.name() + " on " + node.name());
            }
            Iface i = new Iface(nic, c);
            ifaces.add(i);
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

    public int area() {
        return area;
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
        ownSeq = Lsa.INITIAL_SEQUENCE - 1;
        for (Iface i : ifaces) {
            i.up = i.nic.isUp();
            if (i.up && !i.c.passive()) {
                i.hello.setAfter(0);
            }
        }
        requestOriginate("start");
    }

    /** The router went down: every neighbour, LSA and route goes with it (a reboot starts afresh). */
    private void stop() {
        running = false;
        for (Iface i : ifaces) {
            i.hello.cancel();
            if (i.nbr != null) {
                i.nbr.stop();
                i.nbr = null;
            }
        }
        originateTimer.cancel();
        spfTimer.cancel();
        ageTimer.cancel();
        lsdb.clear();
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
        i.up = up;
        if (!up) {
            i.hello.cancel();
            if (i.nbr != null) {
                killNeighbor(i.nbr, "KillNbr");
            }
            requestOriginate("interface " + i.nic.name() + " down");
        } else {
            if (!i.c.passive()) {
                i.hello.setAfter(0);
            }
            requestOriginate("interface " + i.nic.name() + " up");
        }
    }

    // ---------------------------------------------------------------- sending

    void send(Iface i, byte[] pkt, int items) {
        byte[] d = IpStack.allocate(pkt.length);
        System.arraycopy(pkt, 0, d, IpStack.HEADER_ROOM, pkt.length);
        int r = ip.outputOn(i.nic, d, i.nic.address(), OspfPacket.ALL_SPF_ROUTERS, OspfPacket.PROTOCOL, 1,
                TOS_INTERNETWORK_CONTROL);
        if (r == IpStack.OK && trace.enabled()) {
            trace.emit(node.name(), OspfEvents.SEND, i.nic.name(), OspfPacket.typeName(pkt[1]), pkt.length, items);
        }
    }

    private void sendHello(Iface i) {
        if (!running || !i.up) {
            return;
        }
        List<Integer> seen = i.nbr != null && i.nbr.atLeast(State.INIT) ? List.of(i.nbr.routerId) : List.of();
        send(i, OspfPacket.hello(rid, area, Ip4.mask(i.nic.cidr().length()), i.c.helloSec(), i.c.deadSec(), seen),
                seen.size());
        i.hello.setAfter(i.c.helloSec() * SEC);
    }

    int ddRoom(Iface i) {
        return Math.max(1, (i.nic.mtu() - 20 - OspfPacket.HEADER - 8) / Lsa.HEADER);
    }

    void sendDd(Neighbor n, int flags, List<Lsa> headers) {
        byte[] p = OspfPacket.dd(rid, area, n.iface.nic.mtu(), flags, n.ddSeq, headers);
        n.lastSentDd = p;
        send(n.iface, p, headers.size());
    }

    void sendLsus(Iface i, List<Lsa> lsas) {
        int room = i.nic.mtu() - 20 - OspfPacket.HEADER - 4;
        List<Lsa> batch = new ArrayList<>();
        int size = 0;
        for (Lsa l : lsas) {
            if (!batch.isEmpty() && size + l.bytes.length > room) {
                send(i, OspfPacket.lsu(rid, area, batch), batch.size());
                batch = new ArrayList<>();
                size = 0;
            }
            batch.add(l.withAge(l.age() + INF_TRANS_DELAY));
            size += l.bytes.length;
        }
        if (!batch.isEmpty()) {
            send(i, OspfPacket.lsu(rid, area, batch), batch.size());
        }
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
        if (bad == null && BigEndian.u32(b, off + 8) != area) {
            bad = "area " + Ip4.str(BigEndian.u32(b, off + 8)) + " is not " + Ip4.str(area);
        }
        int from = end - off >= 8 ? BigEndian.u32(b, off + 4) : 0;
        if (bad == null && from == rid) {
            bad = "own router ID";
        }
        if (bad != null) {
            drop(i, type, bad);
            return;
        }
        end = off + BigEndian.u16(b, off + 2);
        int body = off + OspfPacket.HEADER;
        if (type == OspfPacket.HELLO) {
            hello(i, b, body, end, from, v.src());
            return;
        }
        Neighbor n = i.nbr;
        if (n == null || n.routerId != from) {
            drop(i, type, "no neighbour " + Ip4.str(from) + " on " + i.nic.name());
            return;
        }
        int items;
        switch (type) {
            case OspfPacket.DD -> items = n.dd(b, body, end);
            case OspfPacket.LSR -> items = n.lsr(b, body, end);
            case OspfPacket.LSU -> items = lsu(n, b, body, end);
            case OspfPacket.LSACK -> items = ack(n, b, body, end);
            default -> {
                drop(i, type, "unknown packet type");
                return;
            }
        }
        if (items >= 0 && trace.enabled()) {
            trace.emit(node.name(), OspfEvents.RECEIVE, i.nic.name(), OspfPacket.typeName(type), end - off, items,
                    Ip4.str(from));
        }
    }

    void drop(Iface i, int type, String why) {
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.DROP, i.nic.name(), OspfPacket.typeName(type), why);
        }
    }

    /** RFC 2328 10.5. */
    private void hello(Iface i, byte[] b, int o, int end, int from, int src) {
        if (end - o < 20) {
            drop(i, OspfPacket.HELLO, "short hello");
            return;
        }
        int helloSec = BigEndian.u16(b, o + 4);
        int deadSec = BigEndian.u32(b, o + 8);
        if (helloSec != i.c.helloSec()) {
            drop(i, OspfPacket.HELLO, "hello interval " + helloSec + " s is not " + i.c.helloSec() + " s");
            return;
        }
        if (deadSec != i.c.deadSec()) {
            drop(i, OspfPacket.HELLO, "dead interval " + deadSec + " s is not " + i.c.deadSec() + " s");
            return;
        }
        boolean seen = false;
        int count = 0;
        for (int p = o + 20; p + 4 <= end; p += 4) {
            count++;
            if (BigEndian.u32(b, p) == rid) {
                seen = true;
            }
        }
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.RECEIVE, i.nic.name(), OspfPacket.typeName(OspfPacket.HELLO), end - o
                    + OspfPacket.HEADER, count, Ip4.str(from));
        }
        Neighbor n = i.nbr;
        if (n != null && n.routerId != from) {
            killNeighbor(n, "KillNbr"); // another router on this point-to-point link
            n = null;
        }
        if (n == null) {
            n = new Neighbor(this, i, from);
            i.nbr = n;
        }
        n.address = src;
        if (n.state == State.DOWN) {
            change(n, State.INIT, "HelloReceived");
        }
        n.deadAt = sim.now() + i.c.deadSec() * SEC;
        n.inactivity.setAt(n.deadAt);
        if (seen) {
            if (n.state == State.INIT) {
                n.twoWay();
            }
        } else if (n.atLeast(State.TWO_WAY)) {
            n.clearLists();
            boolean wasFull = n.state == State.FULL;
            change(n, State.INIT, "1-WayReceived");
            if (wasFull) {
                requestOriginate("adjacency with " + Ip4.str(n.routerId) + " lost");
            }
        }
    }


    /** RFC 2328 13: the flooding procedure for each LSA of an update. */
    private int lsu(Neighbor n, byte[] b, int o, int end) {
        if (!n.atLeast(State.EXCHANGE) || end - o < 4) {
            return -1;
        }
        int count = BigEndian.u32(b, o);
        long now = sim.now();
        List<Lsa> acks = new ArrayList<>();
        int p = o + 4;
        for (int k = 0; k < count; k++) {
            Lsa l = Lsa.read(b, p, end);
            if (l == null) {
                drop(n.iface, OspfPacket.LSU, "truncated LSA");
                break;
            }
            p += l.length();
            if (!l.checksumOk()) {
                drop(n.iface, OspfPacket.LSU, "LSA checksum");
                continue;
            }
            if (l.type() < 1 || l.type() > 5) {
                drop(n.iface, OspfPacket.LSU, "unknown LSA type " + l.type());
                continue;
            }
            Entry e = lsdb.get(l.key());
            Lsa cur = e == null ? null : e.current(now);
            if (l.age() >= Lsa.MAX_AGE && cur == null && !anyExchanging()) {
                acks.add(l);
                continue;
            }
            int cmp = cur == null ? 1 : l.compareTo(cur);
            if (cmp > 0) {
                if (e != null && now - e.installedNs() < MIN_LS_ARRIVAL_NS) {
                    continue; // MinLSArrival: too soon after the last instance; no acknowledgement
                }
                n.requests.remove(l.key());
                acks.add(l);
                if (l.advRouter() == rid) {
                    // 13.4: an instance of our own from before a restart; advance past it and originate anew
                    ownSeq = Math.max(ownSeq, l.seq());
                    install(l, n);
                    lastOriginate = Long.MIN_VALUE / 2;
                    requestOriginate("newer self-originated LSA received");
                    continue;
                }
                install(l, n);
            } else if (n.requests.containsKey(l.key())) {
                n.mismatch("BadLSReq");
                return count;
            } else if (cmp == 0) {
                Lsa r = n.retransmit.get(l.key());
                if (r != null && r.compareTo(l) == 0) {
                    n.retransmit.remove(l.key()); // implied acknowledgement
                } else {
                    acks.add(l);
                }
            } else if (!(cur.age() >= Lsa.MAX_AGE && cur.seq() == Lsa.MAX_SEQUENCE)) {
                sendLsus(n.iface, List.of(cur));
            }
        }
        if (!acks.isEmpty()) {
            List<Lsa> headers = new ArrayList<>();
            for (Lsa a : acks) {
                headers.add(Lsa.header(a.bytes, 0));
            }
            send(n.iface, OspfPacket.ack(rid, area, headers), headers.size());
        }
        if (n.state == State.LOADING) {
            if (n.requests.isEmpty()) {
                n.lsrRxmt.cancel();
                n.full("LoadingDone");
            } else {
                n.sendLsr();
            }
        }
        return count;
    }

    private boolean anyExchanging() {
        for (Iface i : ifaces) {
            if (i.nbr != null && (i.nbr.state == State.EXCHANGE || i.nbr.state == State.LOADING)) {
                return true;
            }
        }
        return false;
    }

    /** RFC 2328 13.7. */
    private int ack(Neighbor n, byte[] b, int o, int end) {
        if (!n.atLeast(State.EXCHANGE)) {
            return -1;
        }
        int count = 0;
        for (int p = o; p + Lsa.HEADER <= end; p += Lsa.HEADER) {
            count++;
            Lsa h = Lsa.header(b, p);
            Lsa r = n.retransmit.get(h.key());
            if (r != null && r.compareTo(h) == 0) {
                n.retransmit.remove(h.key());
            }
        }
        if (n.retransmit.isEmpty()) {
            n.lsuRxmt.cancel();
        }
        return count;
    }

    void lsuRetransmit(Neighbor n) {
        if (!running || n.iface.nbr != n || !n.atLeast(State.EXCHANGE) || n.retransmit.isEmpty()) {
            return;
        }
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.RETRANSMIT, n.iface.nic.name(), Ip4.str(n.routerId), n.retransmit.size());
        }
        sendLsus(n.iface, new ArrayList<>(n.retransmit.values()));
        n.lsuRxmt.setAfter(RXMT_NS);
    }

    void inactivity(Neighbor n) {
        if (running && n.iface.nbr == n) {
            killNeighbor(n, "InactivityTimer");
        }
    }

    private void killNeighbor(Neighbor n, String event) {
        boolean wasFull = n.state == State.FULL;
        n.stop();
        change(n, State.DOWN, event);
        n.iface.nbr = null;
        if (wasFull) {
            requestOriginate("adjacency with " + Ip4.str(n.routerId) + " down");
        }
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

    /** Installs a newer instance (13 step 5) and floods it out of every other interface (13.3). */
    private void install(Lsa l, Neighbor from) {
        long now = sim.now();
        Entry old = lsdb.put(l.key(), new Entry(l, now, l.age()));
        for (Iface i : ifaces) {
            if (i.nbr != null) {
                i.nbr.retransmit.remove(l.key());
            }
        }
        int flooded = 0;
        for (Iface i : ifaces) {
            Neighbor n = i.nbr;
            if (n == null || n == from || !i.up || !n.atLeast(State.EXCHANGE)) {
                continue;
            }
            Lsa req = n.requests.get(l.key());
            if (req != null) {
                int c = l.compareTo(req);
                if (c < 0) {
                    continue;
                }
                n.requests.remove(l.key());
                if (c == 0) {
                    continue;
                }
            }
            n.retransmit.put(l.key(), l);
            if (!n.lsuRxmt.isPending()) {
                n.lsuRxmt.setAfter(RXMT_NS);
            }
            sendLsus(i, List.of(l));
            flooded++;
        }
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.INSTALL, l.describe(), (long) l.seq(), l.age(),
                    from == null ? "self" : Ip4.str(from.routerId), flooded);
        }
        if (l.age() >= Lsa.MAX_AGE) {
            lsdb.remove(l.key());
            if (trace.enabled()) {
                trace.emit(node.name(), OspfEvents.FLUSH, l.describe(), (long) l.seq());
            }
        }
        boolean sameBody = old != null && l.age() < Lsa.MAX_AGE && Arrays.equals(
                Arrays.copyOfRange(old.lsa().bytes, Lsa.HEADER, old.lsa().bytes.length),
                Arrays.copyOfRange(l.bytes, Lsa.HEADER, l.bytes.length));
        if (!sameBody) {
            requestSpf();
        }
        armAgeTimer();
    }

    /** Asks for a new Router-LSA, no sooner than MinLSInterval after the last (RFC 2328 12.4). */
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
        List<Lsa.Link> links = new ArrayList<>();
        for (Iface i : ifaces) {
            if (!i.up) {
                continue;
            }
            if (!i.c.passive() && i.nbr != null && i.nbr.state == State.FULL) {
                links.add(new Lsa.Link(i.nbr.routerId, i.nic.address(), Lsa.LINK_P2P, i.c.cost()));
            }
            links.add(new Lsa.Link(i.nic.cidr().network(), Ip4.mask(i.nic.cidr().length()), Lsa.LINK_STUB, i.c.cost()));
        }
        ownSeq++;
        Lsa l = Lsa.router(rid, ownSeq, 0, links);
        lastOriginate = sim.now();
        String reason = originateReason == null ? "refresh" : originateReason;
        originateReason = null;
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.ORIGINATE, l.describe(), (long) l.seq(), links.size(), reason);
        }
        install(l, null);
    }

    /** Refreshes our LSAs at LSRefreshTime and flushes others' at MaxAge (RFC 2328 14). */
    private void age() {
        if (!running) {
            return;
        }
        long now = sim.now();
        for (Entry e : new ArrayList<>(lsdb.values())) {
            int a = e.age(now);
            if (e.lsa().advRouter() == rid) {
                if (a >= Lsa.LS_REFRESH_TIME) {
                    originateReason = "refresh";
                    originate();
                }
            } else if (a >= Lsa.MAX_AGE) {
                install(e.lsa().withAge(Lsa.MAX_AGE), null);
            }
        }
        armAgeTimer();
    }

    private void armAgeTimer() {
        long next = Long.MAX_VALUE;
        for (Entry e : lsdb.values()) {
            int limit = e.lsa().advRouter() == rid ? Lsa.LS_REFRESH_TIME : Lsa.MAX_AGE;
            next = Math.min(next, e.installedNs() + (limit - e.ageAtInstall()) * SEC);
        }
        if (next == Long.MAX_VALUE) {
            ageTimer.cancel();
        } else {
            ageTimer.setAt(Math.max(next, sim.now()));
        }
    }

    // ---------------------------------------------------------------- SPF

    /** FRR's SPF throttle (ospf_spf_calculate_schedule): delay, then a hold time that doubles up to the maximum. */
    private void requestSpf() {
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

    private Lsa routerLsa(int id) {
        Entry e = lsdb.get(new Lsa.Key(Lsa.ROUTER, id, id));
        if (e == null || e.age(sim.now()) >= Lsa.MAX_AGE) {
            return null;
        }
        return e.lsa();
    }

    private void runSpf() {
        if (!running) {
            return;
        }
        long now = sim.now();
        lastSpf = now;
        spfRuns++;
        Spf.Result spf = Spf.run(rid, this::routerLsa, ifaces, routes, now);
        TreeMap<Long, OspfRoute> next = spf.routes();
        routes = next;
        ip.table().removeProto(PROTO);
        for (OspfRoute r : next.values()) {
            for (NextHop h : r.nextHops()) {
                ip.table().add(new Route(r.network(), r.length(), h.iface(), h.gateway(), KERNEL_METRIC, PROTO));
            }
        }
        ip.table().installed(PROTO);
        if (trace.enabled()) {
            trace.emit(node.name(), OspfEvents.SPF, Ip4.str(area), spfRuns, now - spfRequestedAt, spf.treeSize(),
                    next.size(), spf.changed());
        }
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
            Neighbor n = i.nbr;
            if (n != null) {
                out.add(new NeighborView(n.routerId, 1, n.state.label, now - n.stateSince,
                        Math.max(0, n.deadAt - now), n.address, i.nic, n.retransmit.size(), n.requests.size(),
                        n.summary.size()));
            }
        }
        out.sort((a, b) -> Integer.compareUnsigned(a.routerId(), b.routerId()));
        return out;
    }

    public List<LsaView> database() {
        List<LsaView> out = new ArrayList<>();
        long now = sim.now();
        for (Entry e : lsdb.values()) {
            Lsa l = e.lsa();
            out.add(new LsaView(l.type(), l.id(), l.advRouter(), e.age(now), l.seq(), l.checksum(), l.links().size()));
        }
        return out;
    }

    /** The database's LSAs as bytes without their ages, for comparing two routers' databases. */
    public List<String> databaseContents() {
        List<String> out = new ArrayList<>();
        for (Entry e : lsdb.values()) {
            byte[] b = e.lsa().bytes.clone();
            b[0] = 0;
            b[1] = 0;
            out.add(java.util.HexFormat.of().formatHex(b));
        }
        return Collections.unmodifiableList(out);
    }

    /** The links of each router's LSA in the database (for tests computing their own shortest paths). */
    public Map<Integer, List<Lsa.Link>> topology() {
        Map<Integer, List<Lsa.Link>> out = new TreeMap<>(Integer::compareUnsigned);
        for (Entry e : lsdb.values()) {
            if (e.lsa().type() == Lsa.ROUTER) {
                out.put(e.lsa().advRouter(), e.lsa().links());
            }
        }
        return out;
    }
}
