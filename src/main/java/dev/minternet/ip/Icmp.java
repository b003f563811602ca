package dev.minternet.ip;

import dev.minternet.trace.EventType;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.MalformedPacketException;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ICMP part of the IP layer (RFC 792, RFC 1122 3.2.2, RFC 1812 4.3): answers echo requests,
 * hands echo replies to ping sockets by identifier, sends errors on behalf of the IP layer and the
 * transports, and routes received errors to whoever sent the datagram they quote.
 */
public final class Icmp implements ProtocolHandler {

    /** A ping socket: receives replies and errors for its identifier. */
    public interface EchoListener {
        void echoReply(int from, int sequence, byte[] datagram);

        void error(int from, int type, int code, int sequence, int nextHopMtu, byte[] datagram);
    }

    /** The largest ICMP error datagram, header included (RFC 1812 4.3.2.3; Linux's icmp_send). */
    public static final int ERROR_MAX = 576;

    private final IpStack ip;
    /** Describes the datagram a received ICMP error quotes (refilled, never reallocated). */
    /** Describes the datagram an ICMP error quotes; created with the first error (most nodes never get one). */
    private IpHeaderView quoted;
    /** Ping sockets by identifier; created with the first (most nodes never ping). */
    private Map<Integer, EchoListener> echoListeners;
    private long echoRequestsAnswered;
    private long errorsReceived;
    private long errorsSuppressed;
    /** Error rate limit as a token bucket (Linux icmp_msgs_per_sec / icmp_msgs_burst); null = off, the default. */
    private RateLimit limit;

    private static final class RateLimit {
        long tokensPerSecond;
        long burst;
        double tokens;
        long lastRefill;
    }

    Icmp(IpStack ip) {
        this.ip = ip;
    }

    /** Messages received (0..255) and sent (256..511) by type, for netstat -s (made at the first message). */
    private long[] msgs;

    private void count(int type, boolean out) {
        if (msgs == null) {
            msgs = new long[512];
        }
        msgs[(out ? 256 : 0) + (type & 0xff)]++;
    }

    /** ICMP messages of {@code type} received ({@code out}: sent), as /proc/net/snmp's IcmpMsg InTypeN and OutTypeN. */
    public long messages(int type, boolean out) {
        return msgs == null ? 0 : msgs[(out ? 256 : 0) + (type & 0xff)];
    }

    public long echoRequestsAnswered() {
        return echoRequestsAnswered;
    }

    public long errorsReceived() {
        return errorsReceived;
    }

    /** ICMP errors not sent because of the rate limit. */
    public long errorsSuppressed() {
        return errorsSuppressed;
    }

    /**
     * Limits the ICMP errors this node sends to {@code perSecond} on average with bursts of
     * {@code burst}, as Linux does with net.ipv4.icmp_msgs_per_sec (1000) and icmp_msgs_burst
     * (50). Off (0) by default, so every error a router would send is visible.
     */
    public void setErrorRateLimit(long perSecond, long burst) {
        RateLimit l = new RateLimit();
        l.tokensPerSecond = perSecond;
        l.burst = Math.max(1, burst);
        l.tokens = l.burst;
        l.lastRefill = ip.sim().now();
        this.limit = l;
    }

    private boolean allowError() {
        RateLimit l = limit;
        if (l == null || l.tokensPerSecond <= 0) {
            return true;
        }
        long now = ip.sim().now();
        l.tokens = Math.min(l.burst, l.tokens + (now - l.lastRefill) * l.tokensPerSecond / 1e9);
        l.lastRefill = now;
        if (l.tokens >= 1) {
            l.tokens -= 1;
            return true;
        }
        errorsSuppressed++;
        return false;
    }

    /** Opens a ping socket: returns its identifier, unique on this node. */
    public int openEcho(EchoListener l, SplittableRandom random) {
        if (echoListeners == null) {
            echoListeners = new HashMap<>(4);
        }
        int id;
        do {
            id = random.nextInt(1, 0x10000);
        } while (echoListeners.containsKey(id));
        echoListeners.put(id, l);
        return id;
    }

    public void closeEcho(int id) {
        if (echoListeners != null) {
            echoListeners.remove(id);
        }
    }

    /** Sends an echo request; returns an {@link IpStack} status. */
    public int sendEcho(int dst, int identifier, int sequence, int ttl, byte[] data, PmtuDisc pmtudisc) {
        return sendEcho(dst, 0, null, identifier, sequence, ttl, data, pmtudisc);
    }

    /**
     * The same from a socket bound as {@code ping -I} binds it: from {@code src} (0: the
     * route's source), and when {@code onLink} is not null out of that interface with the
     * destination taken as on the link (Linux's route lookup for a socket bound to a device the
     * routes do not lead through: "Apparently, routing tables are wrong. Assume, that the
     * destination is on link.").
     */
    public int sendEcho(int dst, int src, NetInterface onLink, int identifier, int sequence, int ttl, byte[] data,
                        PmtuDisc pmtudisc) {
        if (src == 0) {
            src = ip.sourceAddressFor(dst);
        }
        if (src == 0) {
            ip.counters().errors().outNoRoutes++;
            return IpStack.ERR_NO_ROUTE;
        }
        IcmpRepr.Echo e = new IcmpRepr.Echo(true, identifier, sequence, data);
        byte[] d = IpStack.allocate(e.length());
        e.emit(d, IpStack.HEADER_ROOM);
        traceIcmp(IcmpEvents.SEND, "echo-request", dst, identifier, sequence, d.length);
        count(IcmpPacket.ECHO_REQUEST, true);
        if (onLink != null) {
            return ip.outputOn(onLink, d, src, dst, Ipv4Packet.PROTO_ICMP, ttl, 0);
        }
        return ip.output(d, src, dst, Ipv4Packet.PROTO_ICMP, ttl, pmtudisc);
    }

    @Override
    public void receive(IpHeaderView v) {
        byte[] d = v.buffer();
        IcmpRepr m = parse(d, v.payloadOffset(), v.payloadLength());
        if (m == null) {
            return;
        }
        int from = v.src();
        count(m.type(), false);
        if (m instanceof IcmpRepr.Echo e) {
            if (e.request()) {
                // RFC 1122 3.2.2.6: reply with the same identifier, sequence and data, from the address asked.
                echoRequestsAnswered++;
                traceIcmp(IcmpEvents.RECEIVE, "echo-request", from, e.identifier(), e.sequence(), v.length());
                IcmpRepr.Echo reply = new IcmpRepr.Echo(false, e.identifier(), e.sequence(), e.data());
                byte[] r = IpStack.allocate(reply.length());
                reply.emit(r, IpStack.HEADER_ROOM);
                int src = v.dst();
                if (src == 0xffffffff) {
                    src = ip.sourceAddressFor(from);
                }
                traceIcmp(IcmpEvents.SEND, "echo-reply", from, e.identifier(), e.sequence(), r.length);
                count(IcmpPacket.ECHO_REPLY, true);
                ip.output(r, src, from, Ipv4Packet.PROTO_ICMP, IpStack.DEFAULT_TTL, false);
            } else {
                traceIcmp(IcmpEvents.RECEIVE, "echo-reply", from, e.identifier(), e.sequence(), v.length());
                EchoListener l = echoListeners == null ? null : echoListeners.get(e.identifier());
                if (l != null) {
                    l.echoReply(from, e.sequence(), d);
                }
            }
            return;
        }
        int type = m.type();
        if (type != IcmpPacket.DEST_UNREACHABLE && type != IcmpPacket.TIME_EXCEEDED) {
            return; // other types are accepted and ignored, as hosts do
        }
        errorsReceived++;
        byte[] q = m.data();
        if (q.length < Ipv4Packet.MIN_HEADER || Ipv4Packet.version(q, 0) != 4 || Ipv4Packet.headerLength(q, 0) > q.length) {
            ip.counters().errors().malformedTransport++;
            return;
        }
        int mtu = m instanceof IcmpRepr.DestUnreachable du ? du.nextHopMtu() : 0;
        if (quoted == null) {
            quoted = new IpHeaderView();
        }
        IpHeaderView quote = quoted.claim();
        try {
            quote.fillIpv4(q, 0, q.length - Ipv4Packet.headerLength(q, 0), null);
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), IcmpEvents.RECEIVE_ERROR, IcmpPacket.describe(type, m.code()),
                        Ip4.str(from), type, m.code(), Ip4.str(quote.dst()));
            }
            if (type == IcmpPacket.DEST_UNREACHABLE && m.code() == IcmpPacket.CODE_FRAGMENTATION_NEEDED
                    && ip.isLocalAddress(quote.src())) {
                ip.learnPathMtu(quote.dst(), mtu); // before the sender hears of it, as Linux's err handlers do
            }
            int proto = quote.protocol();
            int l4 = quote.payloadOffset();
            if (proto == Ipv4Packet.PROTO_ICMP) {
                if (quote.payloadLength() >= 8 && IcmpPacket.type(q, l4) == IcmpPacket.ECHO_REQUEST) {
                    EchoListener l = echoListeners == null ? null
                            : echoListeners.get(IcmpPacket.identifier(q, l4));
                    if (l != null) {
                        l.error(from, type, m.code(), IcmpPacket.sequence(q, l4), mtu, d);
                    }
                }
                return;
            }
            ProtocolHandler h = ip.handler(proto);
            if (h != null) {
                h.icmpError(v, type, m.code(), mtu, quote);
            }
        } finally {
            quote.release();
        }
    }

    /** Parses the ICMP message at {@code off}; null if malformed (counted and traced). */
    private IcmpRepr parse(byte[] d, int off, int len) {
        try {
            return IcmpRepr.parse(d, off, len);
        } catch (MalformedPacketException e) {
            ip.counters().errors().malformedTransport++;
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), IcmpEvents.DROP, "malformed", e.reason());
            }
            return null;
        }
    }

    /**
     * Sends an ICMP error about {@code offending} back to its source, following RFC 1812 4.3.2.7:
     * never about an ICMP error, a non-initial fragment, or a datagram from an address that does
     * not name one host. It quotes as much of the datagram as fits in {@link #ERROR_MAX} bytes
     * (RFC 1812 4.3.2.3) or in the path MTU back if that is smaller, as Linux's icmp_send does. Its
     * source is the address the offending datagram was sent to when that is one of ours, else the
     * address of the interface the error leaves by (RFC 1812 4.3.2.4; Linux with
     * icmp_errors_use_inbound_ifaddr = 0, the default), so on an asymmetric path a router answers
     * from the interface facing the way back, not the one the datagram came in on.
     */
    public void sendError(byte[] offending, int type, int code, int nextHopMtu) {
        int src = Ipv4Packet.src(offending, 0);
        int dst = Ipv4Packet.dst(offending, 0);
        if (src == 0 || src == 0xffffffff || (src >>> 28) == 0xe || (dst >>> 28) == 0xe || dst == 0xffffffff) {
            return;
        }
        if (Ipv4Packet.fragmentOffset(offending, 0) != 0) {
            return;
        }
        if (Ipv4Packet.protocol(offending, 0) == Ipv4Packet.PROTO_ICMP) {
            int hl = Ipv4Packet.headerLength(offending, 0);
            if (offending.length > hl) {
                int t = IcmpPacket.type(offending, hl);
                if (t != IcmpPacket.ECHO_REQUEST && t != IcmpPacket.ECHO_REPLY && t != 13 && t != 14) {
                    return;
                }
            }
        }
        // Linux's icmpv4_xrlim_allow: no rate limit for errors to this host itself (a failed ARP resolution).
        if (!ip.isLocalAddress(src) && !allowError()) {
            if (ip.trace().enabled()) {
                ip.trace().emit(ip.nodeName(), IcmpEvents.RATE_LIMITED, IcmpPacket.describe(type, code), Ip4.str(src));
            }
            return;
        }
        int from = ip.isLocalAddress(dst) ? dst : ip.sourceAddressFor(src);
        if (from == 0) {
            return;
        }
        int room = Math.min(ERROR_MAX, ip.pathMtu(src)) - Ipv4Packet.MIN_HEADER - IcmpPacket.HEADER;
        byte[] quoted = IcmpRepr.quote(offending, room);
        IcmpRepr err = type == IcmpPacket.TIME_EXCEEDED
                ? new IcmpRepr.TimeExceeded(code, quoted)
                : new IcmpRepr.DestUnreachable(code, nextHopMtu, quoted);
        byte[] d = IpStack.allocate(err.length());
        err.emit(d, IpStack.HEADER_ROOM);
        ip.counters().errors().icmpErrorsSent++;
        count(type, true);
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), IcmpEvents.SEND_ERROR, IcmpPacket.describe(type, code), Ip4.str(src),
                    Ip4.str(from), type, code, Ip4.str(dst), nextHopMtu);
        }
        ip.output(d, from, src, Ipv4Packet.PROTO_ICMP, IpStack.DEFAULT_TTL, false);
    }

    private void traceIcmp(EventType type, String what, int peer, int id, int seq, int len) {
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), type, what, Ip4.str(peer), id, seq, len);
        }
    }
}
