package dev.minternet.transport.tcp;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.ProtocolHandler;
import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.MalformedPacketException;
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
    private final SplittableRandom portRandom;
    private final SplittableRandom isnRandom;
    private final TcpConfig defaults = new TcpConfig();
    private final ConnectionTable connections = new ConnectionTable();
    private final Map<Integer, List<TcpListener>> listeners = new HashMap<>();

    // RFC 4022 (TCP-MIB) counters, as netstat -s prints them.
    private long activeOpens;
    private long passiveOpens;
    private long inSegs;
    private long outSegs;
    private long inErrs;
    private long outRsts;

    public TcpStack(IpStack ip, SplittableRandom portRandom, SplittableRandom isnRandom) {
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
        TcpListener listener = new TcpListener(this, localAddr, port, Math.max(1, backlog), cfg, handler);
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
        return out;
    }

    public List<TcpConnection> connections() {
        return connections.all();
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
            ip.counters().malformedTransport++;
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
                // RFC 9293 3.10.7.2: in LISTEN, an ACK gets a RST, anything else is dropped.
                if (seg.ackFlag() && !seg.rst()) {
                    sendReset(dst, src, TcpConnection.resetFor(seg));
                }
                return;
            }
            if (l.full()) {
                l.overflowed();
                if (trace.enabled()) {
                    trace.emit(nodeName, TcpEvents.DROP, "backlog-full", Ip4.str(src), seg.dstPort());
                }
                return;
            }
            TcpConnection nc = newConnection(l.config().copy(), dst, seg.dstPort(), src, seg.srcPort());
            nc.envData.listener = l;
            l.halfOpen++;
            passiveOpens++;
            nc.listen();
            nc.receive(seg);
            return;
        }
        // RFC 9293 3.10.7.1: no connection, no listener: reset (never in answer to a RST).
        TcpRepr rst = TcpConnection.resetFor(seg);
        if (rst != null) {
            sendReset(dst, src, rst);
        }
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
        byte[] d = IpStack.allocate(seg.length());
        int off = IpStack.HEADER_ROOM;
        if (seg.payload() == null && seg.payloadLength() > 0) {
            data.copyTo(dataOffset, d, off + seg.headerLength(), seg.payloadLength());
        }
        seg.emit(d, off, c.localAddress(), c.remoteAddress());
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
            l.halfOpen--;
            s.listener = null;
            l.accept(c);
        }
    }

    @Override
    public void closed(TcpConnection c) {
        Slot s = c.envData;
        if (s.listener != null) {
            s.listener.halfOpen--;
            s.listener = null;
        }
        for (ConnTimer e : s.timers) {
            if (e != null) {
                sim.cancel(e);
            }
        }
        connections.remove(c);
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
        trace.emit(nodeName, type, Ip4.str(src), seg.srcPort(), Ip4.str(dst), seg.dstPort(),
                TcpPacket.flagString(seg.flags()), Seq.str(seg.seq()), Seq.str(seg.ack()), seg.window(), seg.payloadLength());
    }

    /** The stack's per-connection state: timers and the listener that spawned it. */
    static final class Slot {
        final TcpConnection c;
        final ConnTimer[] timers = new ConnTimer[TcpTimer.values().length];
        TcpListener listener;
        private String id;

        Slot(TcpConnection c) {
            this.c = c;
        }

        String id() {
            if (id == null) {
                id = Ip4.str(c.localAddress()) + ":" + c.localPort() + ">" + Ip4.str(c.remoteAddress()) + ":" + c.remotePort();
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
