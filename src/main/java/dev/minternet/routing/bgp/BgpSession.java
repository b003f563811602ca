package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpConfig.Neighbor;
import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.BgpError;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.sim.Timer;
import dev.minternet.transport.StreamSocket;
import dev.minternet.transport.tcp.TcpConfig;
import dev.minternet.transport.tcp.TcpStack;
import dev.minternet.transport.tcp.TcpStreamSocket;
import dev.minternet.wire.Ip4;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One BGP session (RFC 4271 section 8): the finite state machine Idle, Connect, Active, OpenSent,
 * OpenConfirm, Established over the node's TCP on port 179, with the ConnectRetry (jittered, 75 to
 * 100% as RFC 4271 10 suggests), hold and keepalive timers (the hold time negotiated as the smaller
 * of both OPENs, keepalives every third of it unless configured shorter), connection collision
 * resolution (6.8: the connection opened by the speaker with the higher BGP identifier survives),
 * and MinRouteAdvertisementInterval per neighbour (announcements wait for it; withdrawals go at
 * once).
 */
public final class BgpSession {
    /** The FSM's states, named as FRR prints them. */
    public enum State {
        IDLE("Idle"), CONNECT("Connect"), ACTIVE("Active"), OPEN_SENT("OpenSent"), OPEN_CONFIRM("OpenConfirm"),
        ESTABLISHED("Established");

        public final String text;

        State(String text) {
            this.text = text;
        }
    }

    /** The hold time while waiting for the peer's OPEN (RFC 4271 8.2.2: "a large value", 4 minutes). */
    static final long OPEN_HOLD_NS = 240_000_000_000L;

    final BgpSpeaker sp;
    final Neighbor n;
    final boolean ebgp;
    private State state = State.IDLE;
    private Conn conn;
    private Conn other;
    int remoteId;
    /** The peer's OPEN announced IPv6 unicast (AFI 2, SAFI 1). */
    boolean peerIpv6;
    private long holdNs;
    private long keepaliveNs;
    long msgRcvd;
    long msgSent;
    /** Messages sent and received by type code (1 OPEN .. 4 KEEPALIVE), for show bgp neighbors. */
    private final long[] sentByType = new long[5];
    private final long[] rcvdByType = new long[5];
    private int establishedCount;
    private int droppedCount;
    int accepted;
    private long upSinceNs = -1;
    private long downSinceNs = -1;
    private boolean everUp;
    private int localAddress;
    private final Timer connectRetry;
    private final Timer hold;
    private final Timer keepalive;
    private final Timer mrai;
    private boolean mraiRunning;
    private final Pending pending;
    /**
     * Adj-RIB-Out: for each prefix announced, the best path it was exported from. The attributes
     * sent are a function of that (immutable) path and this session's fixed configuration, so a
     * reference stands for them instead of a copy per session (they are recomputed when compared).
     */
    final AdjRibOut adjOut;
    private String lastReason = "";

    /** One TCP connection of the session (two exist briefly when both ends connect at once). */
    private final class Conn implements StreamSocket.Handler {
        final StreamSocket sock;
        final boolean inbound;
        byte[] buf = new byte[0];
        boolean openReceived;
        boolean closed;

        Conn(StreamSocket sock, boolean inbound) {
            this.sock = sock;
            this.inbound = inbound;
        }

        @Override
        public void onData(StreamSocket s, byte[] data) {
            if (closed) {
                return;
            }
            byte[] b = Arrays.copyOf(buf, buf.length + data.length);
            System.arraycopy(data, 0, b, buf.length, data.length);
            buf = b;
            int off = 0;
            try {
                while (!closed && buf.length - off >= BgpMessage.HEADER) {
                    int len = BgpMessage.checkHeader(buf, off);
                    if (buf.length - off < len) {
                        break;
                    }
                    byte[] m = Arrays.copyOfRange(buf, off, off + len);
                    off += len;
                    message(this, m);
                }
            } catch (BgpError e) {
                error(this, e);
                return;
            }
            buf = Arrays.copyOfRange(buf, off, buf.length);
        }

        @Override
        public void onPeerClosed(StreamSocket s) {
            lost(this, "peer closed the session");
        }

        @Override
        public void onClosed(StreamSocket s, String error) {
            lost(this, error == null ? "connection closed" : error);
        }
    }

    BgpSession(BgpSpeaker sp, Neighbor n) {
        this.sp = sp;
        this.n = n;
        this.ebgp = n.remoteAs() != sp.cfg.as();
        this.adjOut = new AdjRibOut(sp.attrTable);
        this.pending = new Pending(sp.attrTable);
        var sim = sp.node.sim();
        connectRetry = new Timer(sim, this::connectRetryExpired);
        hold = new Timer(sim, this::holdExpired);
        keepalive = new Timer(sim, this::sendKeepalive);
        mrai = new Timer(sim, this::mraiExpired);
    }

    public int peer() {
        return n.address();
    }

    public Neighbor neighbor() {
        return n;
    }

    public State state() {
        return state;
    }

    public boolean external() {
        return ebgp;
    }

    public long messagesReceived() {
        return msgRcvd;
    }

    public long messagesSent() {
        return msgSent;
    }

    /** Messages of one type (BgpMessage.OPEN .. KEEPALIVE) sent to the peer. */
    public long sent(int type) {
        return sentByType[type];
    }

    /** Messages of one type received from the peer. */
    public long received(int type) {
        return rcvdByType[type];
    }

    /** How many times the session became Established, and how many times it went down from there. */
    public int establishedCount() {
        return establishedCount;
    }

    public int droppedCount() {
        return droppedCount;
    }

    /** The TCP ports of the session's connection (-1 without one). */
    public int localPort() {
        return conn == null ? -1 : conn.sock.localPort();
    }

    public int remotePort() {
        return conn == null ? -1 : conn.sock.remotePort();
    }

    /** The MinRouteAdvertisementInterval in use (ns). */
    public long mrai() {
        return mraiNs();
    }

    /** The configured hold time and keepalive interval (ns), before negotiation. */
    public long configuredHoldNs() {
        return configuredHold();
    }

    public long configuredKeepaliveNs() {
        return configuredKeepalive();
    }

    /** The keepalive interval negotiated (ns). */
    public long negotiatedKeepaliveNs() {
        return keepaliveNs;
    }

    /** The local address of the session's connection (0 before one exists). */
    public int localAddressOfSession() {
        return localAddress;
    }

    /** Prefixes accepted from the peer (after the import policy). */
    public int prefixesReceived() {
        return accepted;
    }

    /** Whether the prefix is in this session's Adj-RIB-Out (announced and not withdrawn since). */
    public boolean advertised(dev.minternet.routing.bgp.BgpMessage.Prefix p) {
        return adjOut.containsKey(p);
    }

    public int prefixesSent() {
        return adjOut.size();
    }

    /** When the session last became Established (-1: never), or went down. */
    public long upSinceNs() {
        return upSinceNs;
    }

    public long downSinceNs() {
        return downSinceNs;
    }

    public boolean everUp() {
        return everUp;
    }

    public int remoteId() {
        return remoteId;
    }

    /** Whether the peer's OPEN carried the multiprotocol capability for IPv6 unicast. */
    public boolean peerAnnouncedIpv6() {
        return peerIpv6;
    }

    public long negotiatedHoldNs() {
        return holdNs;
    }

    int localAddress() {
        return localAddress;
    }

    private long mraiNs() {
        return n.mraiNs() >= 0 ? n.mraiNs() : ebgp ? BgpConfig.EBGP_MRAI_NS : 0;
    }

    private long configuredHold() {
        return n.holdNs() >= 0 ? n.holdNs() : sp.cfg.holdNs();
    }

    private long configuredKeepalive() {
        return n.keepaliveNs() >= 0 ? n.keepaliveNs() : sp.cfg.keepaliveNs();
    }

    private void setState(State to, String reason) {
        if (to == state) {
            return;
        }
        if (sp.node.trace().wants(BgpEvents.STATE)) {
            sp.node.trace().emit(sp.node.name(), BgpEvents.STATE, Ip4.str(peer()), state.text, to.text, reason);
        }
        if (state == State.ESTABLISHED) {
            downSinceNs = sp.node.sim().now();
        }
        state = to;
        lastReason = reason;
    }

    public String lastReason() {
        return lastReason;
    }

    // ---- FSM events ------------------------------------------------------------------------

    /** ManualStart: the first connection attempt after a jitter of up to a second. */
    void start() {
        connectRetry.setAfter((long) (sp.random.nextDouble() * 1_000_000_000L));
    }

    private void connectRetryExpired() {
        if (state == State.IDLE || state == State.CONNECT || state == State.ACTIVE) {
            connect();
        }
    }

    private long retryDelay() {
        return (long) (sp.cfg.connectRetryNs() * (0.75 + 0.25 * sp.random.nextDouble()));
    }

    /**
     * The node's TCP defaults, the send ring let go whenever all of it is acknowledged: it grows to
     * the size of the table dump a session starts with, and would otherwise be kept for the rare
     * UPDATE after it (at 1,000 ASes, 175 MiB of rings of 32 and 64 KiB after convergence).
     */
    static TcpConfig tcpConfig(TcpStack tcp) {
        return tcp.defaults().copy().releaseIdleSendBuffer(true);
    }

    private void connect() {
        setState(State.CONNECT, "connecting");
        connectRetry.setAfter(retryDelay());
        TcpStreamSocket.connect(sp.node.tcp(), peer(), 179, tcpConfig(sp.node.tcp()), sock -> established(sock, false), err -> {
            if (state == State.CONNECT) {
                setState(State.ACTIVE, err);
            }
        });
    }

    /** The listener accepted a connection from this neighbour. */
    void incoming(StreamSocket sock) {
        if (state == State.IDLE) {
            sock.abort();
            return;
        }
        established(sock, true);
    }

    private void established(StreamSocket sock, boolean inbound) {
        if (sp.node.isCrashed()) {
            sock.abort();
            return;
        }
        Conn c = new Conn(sock, inbound);
        sock.setHandler(c);
        if (state == State.ESTABLISHED || state == State.OPEN_CONFIRM || other != null) {
            send(c, BgpMessage.notification(6, 7, new byte[0]), "NOTIFICATION");
            traceNotification("6/7", "out");
            c.closed = true;
            sock.close();
            return;
        }
        sendOpen(c);
        if (conn == null) {
            conn = c;
            localAddress = sock.localAddress();
            connectRetry.cancel();
            hold.setAfter(OPEN_HOLD_NS);
            setState(State.OPEN_SENT, inbound ? "connection accepted" : "connection established");
        } else {
            other = c;
        }
    }

    private void sendOpen(Conn c) {
        long h = configuredHold() / 1_000_000_000L;
        send(c, BgpMessage.open(sp.cfg.as(), (int) h, sp.cfg.routerId(), n.ipv6()), "OPEN");
    }

    private void message(Conn c, byte[] m) throws BgpError {
        if (c != conn && c != other) {
            return;
        }
        msgRcvd++;
        int type = m[18] & 0xFF;
        rcvdByType[type]++;
        if (sp.node.trace().enabled()) {
            sp.node.trace().emit(sp.node.name(), BgpEvents.RECEIVED, Ip4.str(peer()), typeName(type), (long) m.length);
        }
        Object msg = BgpMessage.decode(m);
        if (msg instanceof BgpMessage.Notification no) {
            traceNotification(no.code() + "/" + no.subcode(), "in");
            if (c == other) {
                dropConn(c);
                return;
            }
            down("NOTIFICATION received " + no.code() + "/" + no.subcode(), true);
            return;
        }
        if (msg instanceof BgpMessage.Open o) {
            open(c, o);
            return;
        }
        if (c != conn || !c.openReceived) {
            throw new BgpError(5, 0, "message before OPEN"); // FSM error
        }
        if (msg instanceof BgpMessage.Keepalive) {
            if (state == State.OPEN_CONFIRM) {
                setState(State.ESTABLISHED, "KEEPALIVE received");
                establishedCount++;
                upSinceNs = sp.node.sim().now();
                everUp = true;
                if (keepaliveNs > 0) {
                    keepalive.setAfter(keepaliveNs);
                }
                restartHold();
                for (RibEntry e : sp.rib.inOrder()) {
                    pending.add(e.prefix);
                }
                flush(true, null);
                sp.v6.established(this);
            } else {
                restartHold();
            }
            return;
        }
        if (state != State.ESTABLISHED) {
            throw new BgpError(5, 0, "UPDATE before Established");
        }
        restartHold();
        BgpMessage.Update u = (BgpMessage.Update) msg;
        sp.received(this, u);
        if (n.ipv6() && peerIpv6 && u.attrs() != null) {
            sp.v6.received(this, Mp6.decode(m), u.attrs());
        }
    }

    private void open(Conn c, BgpMessage.Open o) throws BgpError {
        if (c.openReceived) {
            throw new BgpError(5, 0, "second OPEN");
        }
        if (o.as() != n.remoteAs()) {
            throw new BgpError(2, 2, "bad peer AS " + o.as());
        }
        if (o.bgpId() == sp.cfg.routerId()) {
            throw new BgpError(2, 3, "bad BGP identifier");
        }
        c.openReceived = true;
        remoteId = o.bgpId();
        peerIpv6 = o.ipv6Unicast();
        if (other != null) {
            // Collision (RFC 4271 6.8): keep the connection the higher identifier opened.
            boolean keepInbound = Integer.compareUnsigned(sp.cfg.routerId(), remoteId) < 0;
            Conn loser = conn.inbound == keepInbound ? other : conn;
            Conn winner = loser == conn ? other : conn;
            send(loser, BgpMessage.notification(6, 7, new byte[0]), "NOTIFICATION");
            traceNotification("6/7", "out");
            loser.closed = true;
            loser.sock.close();
            conn = winner;
            other = null;
            localAddress = winner.sock.localAddress();
            if (loser == c) {
                return;
            }
        }
        if (c != conn) {
            return;
        }
        long mine = configuredHold() / 1_000_000_000L;
        long h = Math.min(mine, o.holdTime());
        holdNs = h * 1_000_000_000L;
        keepaliveNs = h == 0 ? 0 : Math.min(configuredKeepalive(), holdNs / 3);
        keepaliveNs = keepaliveNs / 1_000_000_000L * 1_000_000_000L;
        send(c, BgpMessage.keepalive(), "KEEPALIVE");
        if (keepaliveNs > 0) {
            keepalive.setAfter(keepaliveNs);
        }
        setState(State.OPEN_CONFIRM, "OPEN received");
        restartHold();
    }

    private void restartHold() {
        if (holdNs > 0) {
            hold.setAfter(holdNs);
        } else {
            hold.cancel();
        }
    }

    private void holdExpired() {
        if (conn != null) {
            send(conn, BgpMessage.notification(4, 0, new byte[0]), "NOTIFICATION");
            traceNotification("4/0", "out");
        }
        down("hold timer expired", true);
    }

    private void sendKeepalive() {
        if (conn != null && (state == State.OPEN_CONFIRM || state == State.ESTABLISHED)) {
            send(conn, BgpMessage.keepalive(), "KEEPALIVE");
            keepalive.setAfter(keepaliveNs);
        }
    }

    private void error(Conn c, BgpError e) {
        send(c, BgpMessage.notification(e.code, e.subcode, new byte[0]), "NOTIFICATION");
        traceNotification(e.code + "/" + e.subcode, "out");
        if (c == other) {
            dropConn(c);
            return;
        }
        down("NOTIFICATION sent " + e.code + "/" + e.subcode + ": " + e.getMessage(), true);
    }

    private void dropConn(Conn c) {
        c.closed = true;
        c.sock.close();
        other = null;
    }

    private void lost(Conn c, String why) {
        if (c.closed) {
            return;
        }
        c.closed = true;
        if (c == other) {
            other = null;
            c.sock.close();
            return;
        }
        if (c == conn) {
            if (other != null) {
                conn = other;
                other = null;
                localAddress = conn.sock.localAddress();
                c.sock.close();
                return;
            }
            down(why, true);
        }
    }

    /**
     * The session ends: connections closed (aborted when {@code graceful} is false, as when the
     * interface lost carrier), timers stopped, the peer's routes dropped; back to Idle, then
     * Active, waiting for a connection or the ConnectRetry timer.
     */
    void down(String why, boolean graceful) {
        for (Conn c : new Conn[] {conn, other}) {
            if (c != null && !c.closed) {
                c.closed = true;
                if (graceful) {
                    c.sock.close();
                } else {
                    c.sock.abort();
                }
            }
        }
        conn = null;
        other = null;
        hold.cancel();
        keepalive.cancel();
        mrai.cancel();
        mraiRunning = false;
        pending.clear();
        adjOut.clear();
        holdNs = 0;
        boolean wasUp = state == State.ESTABLISHED;
        if (wasUp) {
            droppedCount++;
        }
        setState(State.IDLE, why);
        if (wasUp || accepted > 0) {
            sp.dropPaths(this);
        }
        sp.v6.dropped(this);
        setState(State.ACTIVE, "waiting for ConnectRetry");
        connectRetry.setAfter(retryDelay());
    }

    // ---- sending ---------------------------------------------------------------------------

    private void send(Conn c, byte[] m, String type) {
        if (c.closed) {
            return;
        }
        c.sock.send(m);
        msgSent++;
        sentByType[m[18]]++;
        if (m[18] == BgpMessage.UPDATE) {
            sp.updatesSent++;
            sp.lastUpdateNs = sp.node.sim().now();
        }
        if (sp.node.trace().wants(BgpEvents.SENT)) {
            sp.node.trace().emit(sp.node.name(), BgpEvents.SENT, Ip4.str(peer()), type, (long) m.length);
        }
    }

    /** Sends an UPDATE built elsewhere (the IPv6 family's). */
    void sendUpdate(byte[] m) {
        if (conn != null) {
            send(conn, m, "UPDATE");
        }
    }

    private void traceNotification(String code, String dir) {
        if (sp.node.trace().enabled()) {
            sp.node.trace().emit(sp.node.name(), BgpEvents.NOTIFICATION, Ip4.str(peer()), code, dir);
        }
    }

    static String typeName(int type) {
        return switch (type) {
            case BgpMessage.OPEN -> "OPEN";
            case BgpMessage.UPDATE -> "UPDATE";
            case BgpMessage.NOTIFICATION -> "NOTIFICATION";
            default -> "KEEPALIVE";
        };
    }

    /** The best paths to {@code prefixes} changed: send what changed, subject to MRAI. */
    void schedule(List<Prefix> prefixes) {
        if (state != State.ESTABLISHED) {
            return;
        }
        pending.addAll(prefixes);
        if (mraiRunning) {
            // only these prefixes can have become withdrawals: the rest of pending was looked at already
            flush(false, prefixes.size() == 1 ? prefixes : new ArrayList<>(new java.util.TreeSet<>(prefixes)));
        } else {
            flush(true, null);
        }
    }

    private void mraiExpired() {
        mraiRunning = false;
        if (state == State.ESTABLISHED && !pending.isEmpty()) {
            flush(true, null);
        }
    }

    /**
     * Sends the withdrawals among {@code scan} (a null {@code scan}: every pending prefix, in prefix
     * order), and the announcements too when {@code announce}.
     */
    private void flush(boolean announce, List<Prefix> scan) {
        List<Prefix> withdraw = new ArrayList<>();
        Map<Attrs, List<Prefix>> groups = new LinkedHashMap<>();
        boolean all = scan == null; // every pending prefix is settled: cleared at the end
        for (Prefix p : all ? pending.inOrder() : scan) {
            RibEntry e = sp.rib.get(p);
            // without announcements only whether it is a withdrawal matters: the policy's checks, no attributes built
            boolean exported = e != null && Export.exports(sp, this, e.best(), e.prefix);
            Attrs a = exported && announce ? sp.exportAttrs(this, e) : null;
            BgpSpeaker.Path old = adjOut.get(p);
            if (!exported) {
                if (old != null) {
                    withdraw.add(p);
                    adjOut.remove(p);
                }
                if (!all) {
                    pending.remove(p);
                }
            } else if (announce) {
                if (old != e.best()) {
                    if (old == null || !a.equals(sp.exportAttrs(this, old, p))) {
                        groups.computeIfAbsent(a, k -> new ArrayList<>()).add(p);
                    }
                    adjOut.put(p, e.best());
                }
                if (!all) {
                    pending.remove(p);
                }
            }
        }
        if (all) {
            pending.clear();
        }
        boolean trace = sp.node.trace().enabled();
        String peer = trace ? Ip4.str(peer()) : null;
        int budget = BgpMessage.MAX - 23;
        for (int i = 0; i < withdraw.size();) {
            List<Prefix> part = new ArrayList<>();
            int size = 0;
            while (i < withdraw.size() && size + BgpMessage.prefixBytes(withdraw.get(i)) <= budget) {
                size += BgpMessage.prefixBytes(withdraw.get(i));
                part.add(withdraw.get(i++));
            }
            for (Prefix p : part) {
                if (trace) {
                    sp.node.trace().emit(sp.node.name(), BgpEvents.WITHDRAW_OUT, peer, p.toString());
                }
            }
            send(conn, BgpMessage.update(part, null, List.of()), "UPDATE");
        }
        boolean announced = false;
        for (Map.Entry<Attrs, List<Prefix>> g : groups.entrySet()) {
            Attrs a = g.getKey();
            byte[] at = BgpMessage.attributes(a); // once for the group's UPDATEs
            int room = budget - at.length;
            List<Prefix> ps = g.getValue();
            for (int i = 0; i < ps.size();) {
                List<Prefix> part = new ArrayList<>();
                int size = 0;
                while (i < ps.size() && size + BgpMessage.prefixBytes(ps.get(i)) <= room) {
                    size += BgpMessage.prefixBytes(ps.get(i));
                    part.add(ps.get(i++));
                }
                for (Prefix p : part) {
                    if (trace) {
                        sp.node.trace().emit(sp.node.name(), BgpEvents.ANNOUNCE_OUT, peer, p.toString(), a.pathString(),
                                Ip4.str(a.nextHop()), a.localPref(), a.med(), BgpSpeaker.communities(a.communities()));
                        if (a.originatorId() != 0) {
                            sp.node.trace().emit(sp.node.name(), BgpEvents.REFLECT_OUT, peer, p.toString(),
                                    Ip4.str(a.originatorId()), a.clusterString());
                        }
                    }
                }
                send(conn, BgpMessage.updateEncoded(List.of(), at, part), "UPDATE");
                announced = true;
            }
        }
        if (announced && mraiNs() > 0) {
            mraiRunning = true;
            mrai.setAfter(mraiNs());
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s AS%d %s", Ip4.str(peer()), n.remoteAs(), state.text);
    }
}
