package dev.minternet.transport.tcp;

import dev.minternet.ip6.Ip6Stack;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.MalformedPacketException;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TCP over IPv6 for one node's {@link TcpStack} (RFC 9293 on RFC 8200): the same connections
 * and state machine, with the checksum over the IPv6 pseudo-header (RFC 8200 8.1), an MSS of the
 * path MTU minus 60 (RFC 8200 8.3), and Packet Too Big lowering it (RFC 8201). A wildcard
 * listener takes IPv6 connections too, as a Linux socket bound to {@code [::]} with
 * net.ipv6.bindv6only 0 does (so every service on a dual-stack node answers on both families);
 * a listener bound to an IPv4 address does not. SYN cookies are not sent over IPv6: a SYN beyond
 * a full SYN queue is dropped (the client retries).
 */
public final class Tcp6 implements Ip6Stack.UpperLayer {
    /** The two IPv6 addresses of a connection over IPv6. */
    public record Ends(Ip6 local, Ip6 remote) {
    }

    private record Key(Ip6 local, int localPort, Ip6 remote, int remotePort) {
    }

    private final TcpStack stack;
    private final Ip6Stack ip6;
    private final Map<Key, TcpConnection> connections = new HashMap<>();

    Tcp6(TcpStack stack, Ip6Stack ip6) {
        this.stack = stack;
        this.ip6 = ip6;
    }

    /** {@code 192.0.2.1:80} or {@code [2001:db8::1]:80}: the local end as ss and curl print it. */
    public static String local(TcpConnection c) {
        return c.ends6 != null ? "[" + c.ends6.local() + "]:" + c.localPort() : Ip4.str(c.localAddress()) + ":" + c.localPort();
    }

    /** The remote end, as {@link #local}. */
    public static String remote(TcpConnection c) {
        return c.ends6 != null ? "[" + c.ends6.remote() + "]:" + c.remotePort() : Ip4.str(c.remoteAddress()) + ":" + c.remotePort();
    }

    /** The local address as text (a dotted quad or RFC 5952). */
    public static String localHost(TcpConnection c) {
        return c.ends6 != null ? c.ends6.local().toString() : Ip4.str(c.localAddress());
    }

    /** The remote address as text (a dotted quad or RFC 5952). */
    public static String remoteHost(TcpConnection c) {
        return c.ends6 != null ? c.ends6.remote().toString() : Ip4.str(c.remoteAddress());
    }

    /** IP and TCP headers without options: 40 over IPv4, 60 over IPv6 (MSS = MTU - this). */
    static int headers(TcpConnection c) {
        return c.ends6 != null ? 60 : TcpConnection.IP_TCP_HEADERS;
    }

    Ip6Stack ip6() {
        return ip6;
    }

    /** The MSS for a connection to {@code dst}: the path MTU minus 60 (loopback: 65536, as Linux's lo). */
    private int mssFor(Ip6 dst) {
        int mtu = ip6.isLocal(dst) ? 65536 : ip6.pathMtu(dst);
        return Math.max(TcpConfig.DEFAULT_MSS, Math.min(mtu, 65535) - 60);
    }

    TcpConnection connect(int localPort, Ip6 dst, int port, TcpConfig cfg, TcpHandler handler) {
        Ip6 src = ip6.sourceFor(dst);
        if (src == null) {
            throw new IllegalStateException("Network is unreachable");
        }
        if (localPort == 0) {
            localPort = ephemeralPort(src, dst, port);
        } else if (connections.containsKey(new Key(src, localPort, dst, port))) {
            throw new IllegalStateException("Address already in use");
        }
        TcpConnection c = create(cfg, src, localPort, dst, port);
        c.setHandler(handler);
        stack.activeOpens++;
        c.connect();
        return c;
    }

    private TcpConnection create(TcpConfig cfg, Ip6 src, int sport, Ip6 dst, int dport) {
        TcpConnection c = stack.create(cfg, 0, sport, 0, dport, mssFor(dst));
        c.ends6 = new Ends(src, dst);
        connections.put(new Key(src, sport, dst, dport), c);
        return c;
    }

    /** Linux-like: a random start in the ephemeral range, then the first free 4-tuple. */
    private int ephemeralPort(Ip6 src, Ip6 dst, int dport) {
        int span = TcpStack.EPHEMERAL_HIGH - TcpStack.EPHEMERAL_LOW + 1;
        int start = stack.portRandom.nextInt(span);
        for (int i = 0; i < span; i++) {
            int p = TcpStack.EPHEMERAL_LOW + (start + i) % span;
            if (!connections.containsKey(new Key(src, p, dst, dport)) && !stack.listening(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Cannot assign requested address");
    }

    void remove(TcpConnection c) {
        connections.remove(new Key(c.ends6.local(), c.localPort(), c.ends6.remote(), c.remotePort()), c);
    }

    /** The connections over IPv6 by local port, remote address and port. */
    List<TcpConnection> all() {
        List<TcpConnection> l = new ArrayList<>(connections.values());
        l.sort(Comparator.comparingInt(TcpConnection::localPort).thenComparing((TcpConnection c) -> c.ends6.remote())
                .thenComparingInt(TcpConnection::remotePort));
        return l;
    }

    @Override
    public void receive(byte[] d, int off, int len, Ip6 src, Ip6 dst) {
        String bad = TcpPacket.check6(d, off, len, src, dst);
        TcpRepr seg = null;
        if (bad == null) {
            try {
                seg = TcpRepr.parseUnchecked(d, off, len);
            } catch (MalformedPacketException e) {
                bad = e.reason();
            }
        }
        if (bad != null) {
            stack.inErrs++;
            if (stack.traceEnabled()) {
                stack.traceEvent(TcpEvents.DROP_MALFORMED, "malformed", bad, src.toString());
            }
            return;
        }
        stack.inSegs++;
        if (stack.traceEnabled()) {
            stack.traceSegment(TcpEvents.RECEIVE, src.toString(), dst.toString(), seg);
        }
        TcpConnection c = connections.get(new Key(dst, seg.dstPort(), src, seg.srcPort()));
        TcpListener l = stack.wildcardListener(seg.dstPort());
        if (c != null) {
            if (c.state() == TcpState.TIME_WAIT && seg.syn() && !seg.ackFlag() && !seg.rst()
                    && Seq.gt(seg.seq(), c.rcvNxt()) && l != null) {
                c.reap(); // a new SYN may reuse the 4-tuple before TIME-WAIT ends, as over IPv4
            } else {
                c.receive(seg);
                return;
            }
        }
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
                stack.listenDrops++;
                if (stack.traceEnabled()) {
                    stack.traceEvent(TcpEvents.DROP, "backlog-full", src.toString(), seg.dstPort());
                }
                return;
            }
            TcpConnection nc = create(l.config().copy(), dst, seg.dstPort(), src, seg.srcPort());
            nc.envData.listener = l;
            l.halfOpen++;
            stack.passiveOpens++;
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

    private void sendReset(Ip6 src, Ip6 dst, TcpRepr rst) {
        stack.outRsts++;
        byte[] b = new byte[rst.length()];
        rst.emit6(b, 0, src, dst);
        stack.outSegs++;
        if (stack.traceEnabled()) {
            stack.traceSegment(TcpEvents.SEND, src.toString(), dst.toString(), rst);
        }
        ip6.send(Ipv6Packet.NEXT_TCP, b, src, dst, Ipv6Packet.DEFAULT_HOP_LIMIT);
    }

    /** Puts a connection's segment on the wire (TcpEnv.transmit for a connection over IPv6). */
    void transmit(TcpConnection c, TcpRepr seg, SendBuffer data, long dataOffset) {
        byte[] b = new byte[seg.length()];
        if (seg.payload() == null && seg.payloadLength() > 0) {
            data.copyToNew(dataOffset, b, seg.headerLength(), seg.payloadLength());
        }
        Ends e = c.ends6;
        seg.emit6(b, 0, e.local(), e.remote());
        stack.outSegs++;
        if (seg.rst()) {
            stack.outRsts++;
        }
        if (stack.traceEnabled()) {
            stack.traceSegment(TcpEvents.SEND, e.local().toString(), e.remote().toString(), seg);
        }
        int rc = ip6.send(Ipv6Packet.NEXT_TCP, b, e.local(), e.remote(), Ipv6Packet.DEFAULT_HOP_LIMIT);
        if (rc == Ip6Stack.ERR_MSG_SIZE) {
            // EMSGSIZE: the path MTU is smaller than this segment (RFC 8201 5.2); lower the MSS
            // after the connection has finished the output it is in the middle of.
            int mtu = ip6.pathMtu(e.remote());
            stack.ip().sim().schedule(0, () -> c.onPathMtu(mtu));
        }
    }

    @Override
    public void icmpError(Ip6 from, int type, int code, long word, byte[] d, int quoted) {
        int l4 = quoted + Ipv6Packet.HEADER;
        if (d.length < l4 + 4) {
            return;
        }
        // The quoted datagram is one we sent: its source is our end.
        TcpConnection c = connections.get(new Key(Ipv6Packet.src(d, quoted), TcpPacket.srcPort(d, l4),
                Ipv6Packet.dst(d, quoted), TcpPacket.dstPort(d, l4)));
        if (c == null) {
            return;
        }
        if (type == Icmpv6Packet.PACKET_TOO_BIG) {
            // RFC 8201: the IP layer has just learnt the smaller path MTU from this message.
            c.onPathMtu(ip6.pathMtu(c.ends6.remote()));
        } else if (type == Icmpv6Packet.DEST_UNREACHABLE) {
            // Linux icmpv6_err_convert: no route ENETUNREACH, port unreachable ECONNREFUSED.
            c.onUnreachable(switch (code) {
                case Icmpv6Packet.CODE_NO_ROUTE -> TcpError.NET_UNREACHABLE;
                case Icmpv6Packet.CODE_PORT_UNREACHABLE -> TcpError.REFUSED;
                default -> TcpError.UNREACHABLE;
            });
        }
    }
}
