package dev.minternet.transport.tcp;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.ip6.Ip6Stack;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.MalformedPacketException;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * TCP on one node: the {@link TcpEnv} of its connections and the protocol-6 handler of its IP
 * layer. It demultiplexes segments by 4-tuple, creates connections for SYNs to listening ports,
 * answers segments for no connection with RST (RFC 9293 3.10.7.1), picks ephemeral ports and
 * initial sequence numbers from the node's seeded streams, derives the MSS from the egress MTU,
 * turns ICMP errors into path MTU updates, and maps each connection's timers onto the simulator.
 */
public final class TcpStack implements ProtocolHandler, TcpEnv {
    /** Linux's net.ipv4.ip_local_port_range default. */
    public static final int EPHEMERAL_LOW = 32768;
    public static final int EPHEMERAL_HIGH = 60999;
    /** Linux's SOMAXCONN before 5.4, still the usual listen() argument. */
    public static final int DEFAULT_BACKLOG = 128;

    private final IpStack ip;
    private final Simulator sim;
    private final Trace trace;
    private final String nodeName;
    final SplittableRandom portRandom;
    private final SplittableRandom isnRandom;
    private final SplittableRandom cookieRandom;
    private SynCookies cookies;
    private final TcpConfig defaults = new TcpConfig();
    private final ConnectionTable connections = new ConnectionTable();
    private final Map<Integer, List<TcpListener>> listeners = new HashMap<>();
    private Tcp6 tcp6;

    // RFC 4022 (TCP-MIB) counters, as netstat -s prints them.
    long activeOpens;
    long passiveOpens;
    long inSegs;
    long outSegs;
    long inErrs;
    long outRsts;
    /** AttemptFails, EstabResets, RetransSegs: made at the first of them (a host that never retransmits keeps 4 bytes). */
    private long[] moreMib;
    // Linux TcpExt counters of the SYN queue and cookies (nstat names).
    long listenDrops;
    private long syncookiesSent;
    private long syncookiesRecv;
    private long syncookiesFailed;

    /** @param cookieRandom the stream the SYN cookie secrets come from (drawn at the first cookie) */
    public TcpStack(IpStack ip, SplittableRandom portRandom, SplittableRandom isnRandom, SplittableRandom cookieRandom) {
        this.cookieRandom = cookieRandom;
        this.ip = ip;
        this.sim = ip.sim();
        this.trace = ip.trace();
        this.nodeName = ip.nodeName();
        this.portRandom = portRandom;
        this.isnRandom = isnRandom;
        ip.register(Ipv4Packet.PROTO_TCP, this);
    }

    /** The node-wide defaults new sockets copy (like Linux sysctls net.ipv4.tcp_*). */
    public TcpConfig defaults() {
        return defaults;
    }

    public IpStack ip() {
        return ip;
    }

    /** Carries TCP over {@code ip6} too (next header 6): {@link Tcp6}. */
    public void attachIp6(Ip6Stack ip6) {
        tcp6 = new Tcp6(this, ip6);
        ip6.register(Ipv6Packet.NEXT_TCP, tcp6);
    }

    /** TCP over IPv6 (null until {@link #attachIp6}). */
    public Tcp6 ipv6Layer() {
        return tcp6;
    }

    /**
     * Active open over IPv6 to {@code [dst]:port} from {@code localPort} (0: an ephemeral port).
     * Throws {@link IllegalStateException} with the errno text as {@link #connect(int, int, int, TcpConfig, TcpHandler)}.
     */
    public TcpConnection connect(int localPort, Ip6 dst, int port, TcpConfig cfg, TcpHandler handler) {
        if (tcp6 == null) {
            throw new IllegalStateException("Network is unreachable");
        }
        return tcp6.connect(localPort, dst, port, cfg, handler);
    }

    /** A connection made by {@link Tcp6}: in no 4-tuple table of this class. */
    TcpConnection create(TcpConfig cfg, int src, int sport, int dst, int dport, int mss) {
        // RFC 9293 3.4.1 / RFC 6528: an unpredictable ISN; here drawn from the node's seeded stream.
        TcpConnection c = new TcpConnection(this, cfg, src, sport, dst, dport, mss, isnRandom.nextInt(), isnRandom.nextInt());
        c.envData = new Slot(c);
        return c;
    }

    boolean listening(int port) {
        return listeners.containsKey(port);
    }

    /** The listener on every address of {@code port} (it takes IPv6 connections too), or null. */
    TcpListener wildcardListener(int port) {
        List<TcpListener> l = listeners.get(port);
        if (l != null) {
            for (TcpListener t : l) {
                if (t.localAddress() == 0) {
                    return t;
                }
            }
        }
        return null;
    }

    void traceEvent(EventType type, Object... values) {
        trace.emit(nodeName, type, values);
    }

    // ------------------------------------------------------------------ sockets

    /** Listens on {@code port} of every local address with the default backlog and settings. */
    public TcpListener listen(int port, TcpListener.AcceptHandler handler) {
        return listen(0, port, DEFAULT_BACKLOG, defaults.copy(), handler);
    }

    /**
     * Listens on {@code port} of {@code localAddr} (0 for every address). Throws
     * {@link IllegalStateException} when the port is taken ("Address already in use").
     */
    public TcpListener listen(int localAddr, int port, int backlog, TcpConfig cfg, TcpListener.AcceptHandler handler) {
        if (port < 1 || port > 0xffff) {
            throw new IllegalArgumentException("port " + port + " out of range 1-65535");
        }
        List<TcpListener> l = listeners.computeIfAbsent(port, k -> new ArrayList<>(1));
        for (TcpListener other : l) {
            if (other.localAddress() == 0 || localAddr == 0 || other.localAddress() == localAddr) {
                throw new IllegalStateException("Address already in use");
            }
        }
        // Linux listen(): the backlog is capped at net.core.somaxconn.
        TcpListener listener = new TcpListener(this, localAddr, port, Math.max(1, Math.min(backlog, defaults.somaxconn())), cfg, handler);
        l.add(listener);
        if (trace.enabled()) {
            trace.emit(nodeName, TcpEvents.LISTEN, Ip4.str(localAddr), port, backlog);
        }
        return listener;
    }

    void unlisten(TcpListener l) {
        List<TcpListener> list = listeners.get(l.port());
        if (list != null) {
            list.remove(l);
            if (list.isEmpty()) {
                listeners.remove(l.port());
            }
        }
    }

    /** Active open to {@code dst:port} with the node's default settings. */
    public TcpConnection connect(int dst, int port, TcpHandler handler) {
        return connect(dst, port, defaults.copy(), handler);
    }

    /**
     * Active open from an ephemeral port. Throws {@link IllegalStateException} with the errno text
     * when there is no route ("Network is unreachable") or no free port.
     */
    public TcpConnection connect(int dst, int port, TcpConfig cfg, TcpHandler handler) {
        return connect(0, dst, port, cfg, handler);
    }

    /** Active open from {@code localPort} (0: an ephemeral port). */
    public TcpConnection connect(int localPort, int dst, int port, TcpConfig cfg, TcpHandler handler) {
        int src = ip.sourceAddressFor(dst);
        if (src == 0) {
            throw new IllegalStateException("Network is unreachable");
        }
        if (localPort == 0) {
            localPort = ephemeralPort(src, dst, port);
        } else if (connections.get(src, localPort, dst, port) != null) {
            throw new IllegalStateException("Address already in use");
        }
        TcpConnection c = newConnection(cfg, src, localPort, dst, port);
        c.setHandler(handler);
        activeOpens++;
        c.connect();
        return c;
    }

    private TcpConnection newConnection(TcpConfig cfg, int src, int sport, int dst, int dport) {
        int mtu = ip.mtuFor(dst);
        int mss = Math.max(TcpConfig.DEFAULT_MSS, Math.min(mtu, 65535) - TcpConnection.IP_TCP_HEADERS);
        // RFC 9293 3.4.1 / RFC 6528: an unpredictable ISN; here drawn from the node's seeded stream.
        TcpConnection c = new TcpConnection(this, cfg, src, sport, dst, dport, mss, isnRandom.nextInt(), isnRandom.nextInt());
        c.envData = new Slot(c);
        connections.put(c);
        return c;
    }

    /** Linux-like: a random start in the ephemeral range, then the first free 4-tuple. */
    private int ephemeralPort(int src, int dst, int dport) {
        int span = EPHEMERAL_HIGH - EPHEMERAL_LOW + 1;
        int start = portRandom.nextInt(span);
        for (int i = 0; i < span; i++) {
            int p = EPHEMERAL_LOW + (start + i) % span;
            if (connections.get(src, p, dst, dport) == null && !listeners.containsKey(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot assign requested address");
    }

    /** Every listener and connection, for netstat and ss: listeners first, then by local port. */
    public List<TcpSocket> sockets() {
        List<TcpSocket> out = new ArrayList<>();
        List<TcpListener> ls = new ArrayList<>();
        listeners.values().forEach(ls::addAll);
        ls.sort(Comparator.comparingInt(TcpListener::port));
        out.addAll(ls);
        List<TcpConnection> cs = connections.all();
        cs.sort(Comparator.comparingInt(TcpConnection::localPort).thenComparingInt(c -> c.remoteAddress())
                .thenComparingInt(TcpConnection::remotePort));
        out.addAll(cs);
        if (tcp6 != null) {
            out.addAll(tcp6.all());
        }
        return out;
    }

    public List<TcpConnection> connections() {
        List<TcpConnection> l = connections.all();
        if (tcp6 != null) {
            l.addAll(tcp6.all());
        }
        return l;
    }

    public long activeOpens() {
        return activeOpens;
    }

    public long passiveOpens() {
        return passiveOpens;
    }

    public long inSegments() {
        return inSegs;
    }

    public long outSegments() {
        return outSegs;
    }

    public long inErrors() {
        return inErrs;
    }

    public long outResets() {
        return outRsts;
    }

    /** Connections that went to CLOSED from SYN-SENT or SYN-RECEIVED (Tcp AttemptFails, as Linux's tcp_done counts them). */
    public long attemptFails() {
        return moreMib == null ? 0 : moreMib[0];
    }

    /** Connections that went to CLOSED from ESTABLISHED or CLOSE-WAIT (Tcp EstabResets, as Linux's tcp_set_state). */
    public long estabResets() {
        return moreMib == null ? 0 : moreMib[1];
    }

    /** Segments sent again (Tcp RetransSegs). */
    public long retransSegments() {
        return moreMib == null ? 0 : moreMib[2];
    }

    @Override
    public void counted(TcpState old, TcpState now, boolean retransmit) {
        int i = retransmit ? 2 : now != TcpState.CLOSED ? -1
                : old == TcpState.SYN_SENT || old == TcpState.SYN_RECEIVED ? 0
                : old == TcpState.ESTABLISHED || old == TcpState.CLOSE_WAIT ? 1 : -1;
        if (i >= 0) {
            if (moreMib == null) {
                moreMib = new long[3];
            }
            moreMib[i]++;
        }
    }

    /** SYNs dropped at listeners (TcpExt ListenDrops). */
    public long listenDrops() {
        return listenDrops;
    }

    /** TcpExt SyncookiesSent. */
    public long syncookiesSent() {
        return syncookiesSent;
    }

    /** TcpExt SyncookiesRecv: connections created from a valid cookie. */
    public long syncookiesRecv() {
        return syncookiesRecv;
    }

    /** TcpExt SyncookiesFailed: ACKs to a listener whose cookie did not check out. */
    public long syncookiesFailed() {
        return syncookiesFailed;
    }

    // ------------------------------------------------------------------ input

    @Override
    public void receive(IpHeaderView ip4) {
        byte[] d = ip4.buffer();
        int off = ip4.payloadOffset();
        int len = ip4.payloadLength();
        int src = ip4.src();
        int dst = ip4.dst();
        String bad = TcpPacket.check(d, off, len, src, dst);
        TcpRepr seg = null;
        if (bad == null) {
            try {
                seg = TcpRepr.parseUnchecked(d, off, len);
            } catch (MalformedPacketException e) {
                bad = e.reason();
            }
        }
        if (bad != null) {
            inErrs++;
            ip.counters().errors().malformedTransport++;
            if (trace.enabled()) {
                trace.emit(nodeName, TcpEvents.DROP_MALFORMED, "malformed", bad, Ip4.str(src));
            }
            return;
        }
        inSegs++;
        if (trace.enabled()) {
            traceSegment(TcpEvents.RECEIVE, src, dst, seg);
        }
        TcpConnection c = connections.get(dst, seg.dstPort(), src, seg.srcPort());
        if (c != null) {
            if (c.state() == TcpState.TIME_WAIT && seg.syn() && !seg.ackFlag() && !seg.rst()
                    && Seq.gt(seg.seq(), c.rcvNxt()) && findListener(dst, seg.dstPort()) != null) {
                // Like Linux (tcp_timewait_state_process): a new SYN above the old connection's
                // sequence space may reuse the 4-tuple before TIME-WAIT ends (RFC 6191 idea).
                c.reap();
            } else {
                c.receive(seg);
                return;
            }
        }
        TcpListener l = findListener(dst, seg.dstPort());
        if (l != null) {
            if (!seg.syn() || seg.ackFlag() || seg.rst()) {
                if (seg.ackFlag() && !seg.syn() && !seg.rst() && cookieConnection(l, seg, src, dst)) {
                    return;
                }
                // RFC 9293 3.10.7.2: in LISTEN, an ACK gets a RST, anything else is dropped.
                if (seg.ackFlag() && !seg.rst()) {
                    sendReset(dst, src, TcpConnection.resetFor(seg));
                }
                return;
            }
            synToListener(l, seg, src, dst);
            return;
        }
        // RFC 9293 3.10.7.1: no connection, no listener: reset (never in answer to a RST).
        TcpRepr rst = TcpConnection.resetFor(seg);
        if (rst != null) {
            sendReset(dst, src, rst);
        }
    }

    /**
     * A SYN for a listener, as Linux's tcp_conn_request: a SYN queue entry (a connection in
     * SYN-RECEIVED that retransmits its SYN,ACK, tcp_synack_retries) while the queue has room;
     * once it is full, a stateless SYN,ACK with a cookie (tcp_syncookies 1, or always with 2) or
     * a drop (tcp_syncookies 0). Without cookies the last quarter of tcp_max_syn_backlog is kept
     * for peers Linux has seen before (tcp_peer_is_proven); there are no TCP metrics here, so no
     * peer is proven and those SYNs are dropped.
     */
    private void synToListener(TcpListener l, TcpRepr seg, int src, int dst) {
        int syncookies = defaults.syncookies();
        boolean wantCookie = false;
        if (syncookies == 2 || l.full()) {
            if (l.full()) {
                l.lastOverflow = sim.now();
                if (!l.synFloodWarned) {
                    l.synFloodWarned = true;
                    if (trace.enabled()) {
                        trace.emit(nodeName, TcpEvents.SYNFLOOD, l.port(), syncookies != 0 ? "cookies" : "drop");
                    }
                }
            }
            if (syncookies == 0) {
                l.overflowed();
                listenDrops++;
                if (trace.enabled()) {
                    trace.emit(nodeName, TcpEvents.DROP, "backlog-full", Ip4.str(src), seg.dstPort());
                }
                return;
            }
            wantCookie = true;
        }
        if (wantCookie) {
            sendCookieSynAck(l, seg, src, dst);
            return;
        }
        int maxSynBacklog = defaults.maxSynBacklog();
        if (syncookies == 0 && maxSynBacklog - l.halfOpen < (maxSynBacklog >> 2)) {
            l.overflowed();
            listenDrops++;
            if (trace.enabled()) {
                trace.emit(nodeName, TcpEvents.DROP, "syn-backlog", Ip4.str(src), seg.dstPort());
            }
            return;
        }
        TcpConnection nc = newConnection(l.config().copy(), dst, seg.dstPort(), src, seg.srcPort());
        nc.envData.listener = l;
        l.halfOpen++;
        passiveOpens++;
        nc.listen();
        nc.receive(seg);
    }

    private SynCookies cookies() {
        if (cookies == null) {
            cookies = new SynCookies(cookieRandom);
        }
        return cookies;
    }

    /** The MSS this node advertises towards {@code dst} with the listener's settings. */
    private int advertisedMss(TcpConfig cfg, int dst) {
        int mtu = ip.mtuFor(dst);
        int mss = Math.max(TcpConfig.DEFAULT_MSS, Math.min(mtu, 65535) - TcpConnection.IP_TCP_HEADERS);
        return cfg.mss() > 0 ? Math.min(cfg.mss(), mss) : mss;
    }

    /**
     * The SYN,ACK of a cookie (Linux cookie_v4_init_sequence, cookie_init_timestamp): the ISN is
     * the cookie; window scale and SACK are offered only when timestamps can carry them back.
     */
    private void sendCookieSynAck(TcpListener l, TcpRepr syn, int src, int dst) {
        TcpConfig cfg = l.config();
        TcpOptions so = syn.options();
        int peerMss = so.mss() != 0 ? so.mss() : TcpConfig.DEFAULT_MSS;
        int mssIndex = SynCookies.mssIndex(peerMss);
        SynCookies sc = cookies();
        int isn = sc.isn(sim.now(), src, dst, syn.srcPort(), syn.dstPort(), syn.seq(), mssIndex);
        boolean ts = cfg.timestamps() && so.timestamp();
        TcpOptions o;
        int advMss = advertisedMss(cfg, src);
        if (ts) {
            boolean ws = cfg.windowScaling() && so.windowScale() >= 0;
            boolean sack = cfg.sack() && so.sackPermitted();
            int ticks = (int) (sim.now() / TcpConnection.TS_TICK);
            int tsVal = SynCookies.encodeTimestamp(ticks, ws ? so.windowScale() : -1, sack)
                    + sc.tsOffset(src, dst, syn.srcPort(), syn.dstPort());
            o = new TcpOptions(advMss, ws ? TcpConnection.windowScale(cfg) : -1, sack, null, true, tsVal, so.tsVal());
        } else {
            o = new TcpOptions(advMss, -1, false, null, false, 0, 0);
        }
        // Linux tcp_select_initial_window, as Handshake.synWindow for a new connection's buffer.
        int space = Math.min(cfg.receiveBuffer(), 0xffff);
        int wmss = advMss - (ts ? 12 : 0);
        int window = space > wmss ? space / wmss * wmss : space;
        TcpRepr synAck = TcpRepr.control(syn.dstPort(), syn.srcPort(), isn, syn.seq() + 1, TcpPacket.SYN | TcpPacket.ACK, window, o);
        l.cookieSent();
        syncookiesSent++;
        if (trace.enabled()) {
            trace.emit(nodeName, TcpEvents.SYNCOOKIE, "sent", Ip4.str(src), syn.dstPort(), SynCookies.MSS_TABLE[mssIndex]);
        }
        byte[] d = IpStack.allocate(synAck.length());
        synAck.emit(d, IpStack.HEADER_ROOM, dst, src);
        outSegs++;
        if (trace.enabled()) {
            traceSegment(TcpEvents.SEND, dst, src, synAck);
        }
        ip.output(d, dst, src, Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
    }

    /**
     * An ACK for a listener: a connection when it returns a valid cookie (Linux cookie_v4_check),
     * checked only while cookies are on and the SYN queue overflowed in the last 2 minutes
     * (tcp_synq_no_recent_overflow; always with tcp_syncookies 2). Returns false to answer with
     * a reset, as for any ACK in LISTEN.
     */
    private boolean cookieConnection(TcpListener l, TcpRepr ack, int src, int dst) {
        int syncookies = defaults.syncookies();
        if (syncookies == 0 || (syncookies == 1 && (l.lastOverflow < 0 || sim.now() - l.lastOverflow > SynCookies.VALID))) {
            return false;
        }
        SynCookies sc = cookies();
        int clientIsn = ack.seq() - 1;
        int cookie = ack.ack() - 1;
        int mssIndex = sc.check(sim.now(), src, dst, ack.srcPort(), ack.dstPort(), clientIsn, cookie);
        TcpConfig cfg = l.config().copy();
        TcpOptions o = ack.options();
        int tsOffset = sc.tsOffset(src, dst, ack.srcPort(), ack.dstPort());
        boolean ts = false;
        int wscale = -1;
        boolean sack = false;
        if (mssIndex >= 0 && o.timestamp() && cfg.timestamps()) {
            // Linux cookie_timestamp_decode: the options ride in the low bits of the echoed TSval;
            // ones this listener would not have offered make the cookie invalid.
            int ticks = o.tsEcr() - tsOffset;
            ts = true;
            wscale = SynCookies.decodeWscale(ticks);
            sack = SynCookies.decodeSack(ticks);
            if ((wscale >= 0 && (!cfg.windowScaling() || wscale > TcpOptions.MAX_WINDOW_SCALE)) || (sack && !cfg.sack())) {
                mssIndex = -1;
            }
        }
        if (mssIndex < 0) {
            l.cookieFailed();
            syncookiesFailed++;
            if (trace.enabled()) {
                trace.emit(nodeName, TcpEvents.SYNCOOKIE, "bad", Ip4.str(src), ack.dstPort(), 0);
            }
            return false;
        }
        int mtu = ip.mtuFor(src);
        int mss = Math.max(TcpConfig.DEFAULT_MSS, Math.min(mtu, 65535) - TcpConnection.IP_TCP_HEADERS);
        TcpConnection nc = new TcpConnection(this, cfg, dst, ack.dstPort(), src, ack.srcPort(), mss, cookie, tsOffset);
        nc.envData = new Slot(nc);
        connections.put(nc);
        nc.envData.listener = l;
        nc.envData.cookie = true;
        l.cookieReceived();
        syncookiesRecv++;
        passiveOpens++;
        if (trace.enabled()) {
            trace.emit(nodeName, TcpEvents.SYNCOOKIE, "ok", Ip4.str(src), ack.dstPort(), SynCookies.MSS_TABLE[mssIndex]);
        }
        nc.handshake.restoreFromCookie(clientIsn, SynCookies.MSS_TABLE[mssIndex], wscale, sack, ts, o.tsVal());
        nc.receive(ack);
        return true;
    }

    private TcpListener findListener(int localAddr, int port) {
        List<TcpListener> l = listeners.get(port);
        if (l == null) {
            return null;
        }
        TcpListener any = null;
        for (TcpListener t : l) {
            if (t.localAddress() == localAddr) {
                return t;
            }
            if (t.localAddress() == 0) {
                any = t;
            }
        }
        return any;
    }

    private void sendReset(int src, int dst, TcpRepr rst) {
        outRsts++;
        byte[] d = IpStack.allocate(rst.length());
        rst.emit(d, IpStack.HEADER_ROOM, src, dst);
        outSegs++;
        if (trace.enabled()) {
            traceSegment(TcpEvents.SEND, src, dst, rst);
        }
        ip.output(d, src, dst, Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
    }

    @Override
    public void icmpError(IpHeaderView error, int type, int code, int nextHopMtu, IpHeaderView quoted) {
        if (quoted.payloadLength() < 4) {
            return;
        }
        // The quoted datagram is one we sent: its source is our end.
        byte[] q = quoted.buffer();
        int l4 = quoted.payloadOffset();
        TcpConnection c = connections.get(quoted.src(), TcpPacket.srcPort(q, l4), quoted.dst(), TcpPacket.dstPort(q, l4));
        if (c == null) {
            return;
        }
        if (type == IcmpPacket.DEST_UNREACHABLE && code == IcmpPacket.CODE_FRAGMENTATION_NEEDED) {
            // RFC 1191 with RFC 1812's next-hop MTU, as the IP layer's path MTU cache has just learnt it
            // (an old router's 0 becomes min_pmtu there).
            c.onPathMtu(ip.pathMtu(quoted.dst()));
        } else if (type == IcmpPacket.DEST_UNREACHABLE) {
            c.onUnreachable(switch (code) {
                case IcmpPacket.CODE_NET_UNREACHABLE -> TcpError.NET_UNREACHABLE;
                case IcmpPacket.CODE_PORT_UNREACHABLE -> TcpError.REFUSED;
                default -> TcpError.UNREACHABLE;
            });
        }
    }

    // ------------------------------------------------------------------ TcpEnv

    @Override
    public long now() {
        return sim.now();
    }

    @Override
    public void transmit(TcpConnection c, TcpRepr seg, SendBuffer data, long dataOffset) {
        if (c.ends6 != null) {
            tcp6.transmit(c, seg, data, dataOffset);
            return;
        }
        byte[] d = IpStack.allocate(seg.length());
        int off = IpStack.HEADER_ROOM;
        boolean zeros = false;
        if (seg.payload() == null && seg.payloadLength() > 0) {
            zeros = !data.copyToNew(dataOffset, d, off + seg.headerLength(), seg.payloadLength());
        }
        seg.emit(d, off, c.localAddress(), c.remoteAddress(), zeros);
        outSegs++;
        if (seg.rst()) {
            outRsts++;
        }
        if (trace.enabled()) {
            traceSegment(TcpEvents.SEND, c.localAddress(), c.remoteAddress(), seg);
        }
        // DF set, as Linux does for path MTU discovery (RFC 1191).
        int rc = ip.output(d, c.localAddress(), c.remoteAddress(), Ipv4Packet.PROTO_TCP, IpStack.DEFAULT_TTL, true);
        if (rc == IpStack.ERR_MSG_SIZE) {
            // The route now leaves through a smaller MTU (EMSGSIZE): lower the MSS, after the
            // connection has finished the output it is in the middle of.
            int mtu = ip.pathMtu(c.remoteAddress());
            sim.schedule(0, () -> c.onPathMtu(mtu));
        }
    }

    @Override
    public void setTimer(TcpConnection c, TcpTimer t, long deadline) {
        Slot s = c.envData;
        ConnTimer e = s.timers[t.ordinal()];
        if (e == null) {
            e = new ConnTimer(c, t);
            s.timers[t.ordinal()] = e;
        }
        // Lazy: keep an earlier pending event; the connection asks again when it fires early.
        if (!e.isPending()) {
            sim.scheduleAt(Math.max(deadline, sim.now()), e);
        } else if (e.time() > deadline) {
            sim.reschedule(e, Math.max(deadline, sim.now()));
        }
    }

    @Override
    public void accepted(TcpConnection c) {
        Slot s = c.envData;
        TcpListener l = s.listener;
        if (l != null) {
            if (!s.cookie) {
                l.halfOpen--;
            }
            s.listener = null;
            l.accept(c);
        }
    }

    @Override
    public void closed(TcpConnection c) {
        Slot s = c.envData;
        if (s.listener != null) {
            if (!s.cookie) {
                s.listener.halfOpen--;
            }
            s.listener = null;
        }
        for (ConnTimer e : s.timers) {
            if (e != null) {
                sim.cancel(e);
            }
        }
        if (c.ends6 != null) {
            tcp6.remove(c);
        } else {
            connections.remove(c);
        }
    }

    @Override
    public boolean traceEnabled() {
        return trace.enabled();
    }

    @Override
    public void trace(TcpConnection c, EventType type, Object... values) {
        Object[] all = new Object[values.length + 1];
        all[0] = c.envData.id();
        System.arraycopy(values, 0, all, 1, values.length);
        trace.emit(nodeName, type, all);
    }

    /** A segment from {@code src} to {@code dst} (whichever end this node is). */
    private void traceSegment(EventType type, int src, int dst, TcpRepr seg) {
        traceSegment(type, Ip4.str(src), Ip4.str(dst), seg);
    }

    void traceSegment(EventType type, String src, String dst, TcpRepr seg) {
        trace.emit(nodeName, type, src, seg.srcPort(), dst, seg.dstPort(),
                TcpPacket.flagString(seg.flags()), Seq.str(seg.seq()), Seq.str(seg.ack()), seg.window(), seg.payloadLength());
    }

    /** The stack's per-connection state: timers and the listener that spawned it. */
    static final class Slot {
        final TcpConnection c;
        final ConnTimer[] timers = new ConnTimer[TcpTimer.values().length];
        TcpListener listener;
        /** Created from a SYN cookie: never held a SYN queue entry. */
        boolean cookie;
        private String id;

        Slot(TcpConnection c) {
            this.c = c;
        }

        String id() {
            if (id == null) {
                id = Tcp6.local(c) + ">" + Tcp6.remote(c);
            }
            return id;
        }
    }

    private static final class ConnTimer extends Event {
        final TcpConnection c;
        final TcpTimer kind;

        ConnTimer(TcpConnection c, TcpTimer kind) {
            this.c = c;
            this.kind = kind;
        }

        @Override
        protected void fire() {
            c.onTimer(kind);
        }
    }
}
