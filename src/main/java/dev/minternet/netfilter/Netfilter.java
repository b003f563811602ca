package dev.minternet.netfilter;

import dev.minternet.ip.Hook;
import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.ip.PacketFilter;
import dev.minternet.netfilter.FirewallConfig.Direction;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A node's netfilter: conntrack, NAT and the firewall, run at the IP layer's hooks in Linux's
 * order (docs/design.md decision 3):
 * <pre>
 *  PREROUTING   conntrack (arriving packets), destination NAT, ICMP error translation
 *  INPUT        firewall "in", flow confirmed
 *  FORWARD      firewall "forward"
 *  OUTPUT       conntrack (local packets), firewall "out"
 *  POSTROUTING  source NAT, ICMP error translation, flow confirmed
 * </pre>
 * One filter object sits at all five hooks and remembers what conntrack said about the datagram it
 * is processing, so later hooks of the same datagram (the same array, or fragments made of it)
 * do not look it up again. A flow created by a packet that a filter then drops is forgotten, as
 * Linux forgets an unconfirmed conntrack entry.
 */
public final class Netfilter implements PacketFilter {
    /** How long the fragments of a datagram are matched to its first fragment's flow (Linux net.ipv4.ipfrag_time). */
    static final long FRAGMENT_TIMEOUT = 30 * Durations.S;
    /** Fragmented datagrams remembered at once; the oldest is forgotten first. */
    static final int MAX_FRAGMENTED = 1024;

    /** The datagram a fragment belongs to (RFC 791: source, destination, protocol, identification). */
    private record FragmentKey(int src, int dst, int protocol, int id) {
        static FragmentKey of(byte[] d) {
            return new FragmentKey(Ipv4Packet.src(d, 0), Ipv4Packet.dst(d, 0), Ipv4Packet.protocol(d, 0),
                    Ipv4Packet.identification(d, 0));
        }
    }

    /** What conntrack and the firewall said about a fragmented datagram's first fragment. */
    private static final class Fragmented {
        final Conn conn;
        final boolean reply;
        final CtState state;
        final long expiresAt;
        boolean passed = true;

        Fragmented(Conn conn, boolean reply, CtState state, long expiresAt) {
            this.conn = conn;
            this.reply = reply;
            this.state = state;
            this.expiresAt = expiresAt;
        }
    }

    private final IpStack ip;
    private final Conntrack ct;
    private final Nat nat;
    private final Firewall firewall;

    // What conntrack said about the datagram being processed.
    private byte[] cur;
    private Tuple curTuple;
    private Conn curConn;
    private boolean curReply;
    private CtState curState;
    /** For an ICMP error: the quoted datagram is in its translated form and must be turned back. */
    private boolean curQuoteTranslated;
    /** The fragmented datagram the current packet is the first or a later fragment of, or null. */
    private Fragmented curFragmented;
    /**
     * Linux reassembles before conntrack sees a datagram; here a datagram's later fragments, which
     * carry no ports, take the flow (and the firewall verdict) of its first fragment.
     */
    private final LinkedHashMap<FragmentKey, Fragmented> fragmented = new LinkedHashMap<>();

    private Netfilter(IpStack ip, Conntrack ct, Nat nat, Firewall firewall) {
        this.ip = ip;
        this.ct = ct;
        this.nat = nat;
        this.firewall = firewall;
    }

    /**
     * Installs conntrack plus the given NAT and firewall (either may be null) on {@code ip} at
     * every hook. {@code random} draws NAT ports when the inside port is taken.
     */
    public static Netfilter install(IpStack ip, SplittableRandom random, NatConfig natConfig, FirewallConfig fwConfig) {
        Conntrack ct = new Conntrack(ip.nodeName(), ip.sim(), ip.trace(), natConfig != null ? Timeouts.NAT : Timeouts.LINUX);
        Nat nat = null;
        if (natConfig != null) {
            NetInterface outside = ip.iface(natConfig.outside());
            if (outside == null) {
                throw new IllegalArgumentException(ip.nodeName() + " has no interface " + natConfig.outside());
            }
            nat = new Nat(ip.nodeName(), ip.sim(), ip.trace(), natConfig, outside, random, ct);
        }
        Firewall fw = fwConfig != null ? new Firewall(ip, fwConfig) : null;
        Netfilter nf = new Netfilter(ip, ct, nat, fw);
        for (Hook h : Hook.values()) {
            ip.addFilter(h, nf);
        }
        return nf;
    }

    /** The netfilter installed on {@code ip}, or null. */
    public static Netfilter of(IpStack ip) {
        for (PacketFilter f : ip.filters(Hook.PREROUTING)) {
            if (f instanceof Netfilter n) {
                return n;
            }
        }
        return null;
    }

    Conntrack conntrack() {
        return ct;
    }

    /** The live confirmed flows, in creation order ({@code conntrack -L}). */
    public List<Conn> flows() {
        return ct.flows();
    }

    /** The NAT, or null when this node does not translate. */
    public Nat nat() {
        return nat;
    }

    /** The firewall, or null when this node filters nothing. */
    public Firewall firewall() {
        return firewall;
    }

    @Override
    public int filter(Hook hook, byte[] d, NetInterface in, NetInterface out) {
        switch (hook) {
            case PREROUTING -> {
                classify(d);
                if (nat != null) {
                    boolean solicited = curConn != null && (curReply || curState == CtState.RELATED);
                    if (!nat.prerouting(d, in, curConn, solicited, curState == CtState.NEW)) {
                        forgetUnconfirmed();
                        return DROP;
                    }
                    translate(d, true, "prerouting");
                }
                return ACCEPT;
            }
            case INPUT -> {
                context(d);
                if (firewall != null && !allowed(Direction.IN, d, in)) {
                    return DROP;
                }
                confirm();
                return ACCEPT;
            }
            case FORWARD -> {
                context(d);
                if (firewall != null && !allowed(Direction.FORWARD, d, in)) {
                    return DROP;
                }
                return ACCEPT;
            }
            case OUTPUT -> {
                classify(d);
                if (firewall != null && !allowed(Direction.OUT, d, null)) {
                    return DROP;
                }
                return ACCEPT;
            }
            case POSTROUTING -> {
                context(d);
                if (nat != null) {
                    if (curState != CtState.RELATED && !nat.postrouting(d, out, curConn, curReply)) {
                        forgetUnconfirmed();
                        return DROP;
                    }
                    translate(d, false, "postrouting");
                    int src = Ipv4Packet.src(d, 0);
                    int ext = nat.outside().address();
                    if (out == nat.outside() && src != ext && Packets.isIcmpError(d) && ip.isLocalAddress(src)) {
                        // An error this router sends from an inside address leaves from the outside one.
                        Packets.setSrc(d, 0, d.length, ext);
                        if (ip.trace().enabled()) {
                            ip.trace().emit(ip.nodeName(), NatEvents.TRANSLATE, "postrouting", "snat",
                                    "icmp error from " + Ip4.str(src), "icmp error from " + Ip4.str(ext));
                        }
                    } else if (out == nat.outside() && src != ext && nat.config().byPublic(src) == null) {
                        // Not translatable (a TCP segment of no known flow, an ICMP error about nothing):
                        // it must not leak an inside address to the outside.
                        if (ip.trace().enabled()) {
                            ip.trace().emit(ip.nodeName(), NatEvents.DROP_UNTRANSLATED, "untranslated",
                                    curTuple != null ? curTuple.toString() : Nat.describe(d), curState.name());
                        }
                        return DROP;
                    }
                }
                confirm();
                return ACCEPT;
            }
            default -> {
                return ACCEPT;
            }
        }
    }

    /** Looks a datagram up in conntrack (creating a flow for a first packet) and remembers the answer. */
    private void classify(byte[] d) {
        cur = d;
        curConn = null;
        curReply = false;
        curQuoteTranslated = false;
        curTuple = null;
        curFragmented = null;
        if (Ipv4Packet.fragmentOffset(d, 0) != 0) {
            Fragmented f = fragmented.get(FragmentKey.of(d));
            if (f != null && f.expiresAt > ip.sim().now() && !f.conn.dead) {
                curFragmented = f;
                curConn = f.conn;
                curReply = f.reply;
                curState = f.state;
            } else {
                curState = CtState.UNTRACKED;
            }
            return;
        }
        if (Packets.isIcmpError(d)) {
            Tuple q = Tuple.of(d, Packets.quoteOffset(d), d.length);
            curState = CtState.INVALID;
            if (q == null) {
                return;
            }
            Conntrack.Match m = ct.find(q);
            boolean translated = false;
            if (m == null) {
                // The quote may be the translated form of a packet: the reverse of the other direction's tuple.
                m = ct.find(q.reverse());
                translated = m != null;
            }
            if (m != null) {
                curConn = m.conn();
                curReply = translated != m.reply(); // the direction of the quoted packet
                curQuoteTranslated = translated && !q.equals(curConn.sent(curReply));
                curState = CtState.RELATED;
            }
            return;
        }
        Tuple t = Tuple.of(d);
        curTuple = t;
        if (t == null) {
            curState = CtState.UNTRACKED;
            return;
        }
        Conntrack.Match m = ct.find(t);
        if (m == null) {
            int flags = Conntrack.tcpFlags(d);
            if (t.proto() == Ipv4Packet.PROTO_TCP && (flags < 0 || (flags & (TcpPacket.SYN | TcpPacket.ACK | TcpPacket.RST)) != TcpPacket.SYN)) {
                curState = CtState.INVALID; // only a SYN starts a TCP flow
                return;
            }
            curConn = ct.create(t);
            curReply = false;
        } else {
            curConn = m.conn();
            curReply = m.reply();
        }
        ct.seen(curConn, curReply, d);
        curState = curReply || curConn.seenReply ? CtState.ESTABLISHED : CtState.NEW;
        if (curState == CtState.NEW && curConn.tcp == TcpState.CLOSE) {
            curState = CtState.INVALID;
        }
        if (Ipv4Packet.moreFragments(d, 0)) {
            if (fragmented.size() >= MAX_FRAGMENTED) {
                fragmented.remove(fragmented.keySet().iterator().next());
            }
            curFragmented = new Fragmented(curConn, curReply, curState, ip.sim().now() + FRAGMENT_TIMEOUT);
            fragmented.put(FragmentKey.of(d), curFragmented);
        }
    }

    /**
     * Restores what {@link #classify} said for {@code d}: the same datagram, or a fragment cut from
     * it (same addresses, protocol and identification). Anything else is looked up afresh.
     */
    private void context(byte[] d) {
        if (d == cur) {
            return;
        }
        byte[] c = cur;
        if (c != null && Ipv4Packet.isFragment(d, 0) && Ipv4Packet.identification(d, 0) == Ipv4Packet.identification(c, 0)
                && Ipv4Packet.src(d, 0) == Ipv4Packet.src(c, 0) && Ipv4Packet.dst(d, 0) == Ipv4Packet.dst(c, 0)
                && Ipv4Packet.protocol(d, 0) == Ipv4Packet.protocol(c, 0)) {
            return;
        }
        classify(d);
    }

    /** Applies NAT to the datagram being processed: destination at PREROUTING, source at POSTROUTING. */
    private void translate(byte[] d, boolean destination, String hook) {
        if (curConn == null) {
            return;
        }
        if (curState == CtState.RELATED) {
            if (curQuoteTranslated) {
                translateIcmpError(d, hook);
                curQuoteTranslated = false;
            }
            return;
        }
        if (curConn.translated()) {
            // The tuple changes at PREROUTING, so POSTROUTING reads it again (a later fragment has none).
            Tuple now = Ipv4Packet.fragmentOffset(d, 0) != 0 ? null : destination && d == cur ? curTuple : Tuple.of(d);
            nat.translate(d, now, curConn, curReply, destination, hook);
        }
    }

    /**
     * RFC 5508 section 4 (and Linux's nf_nat_icmp_reply_translation): an ICMP error about a
     * translated packet carries the packet as it was on the far side of the NAT. Put the quoted
     * header back the way its sender wrote it, send the error to that sender, and fix the quoted
     * IP and transport checksums, the ICMP checksum and the outer IP checksum.
     */
    private void translateIcmpError(byte[] d, String hook) {
        int q = Packets.quoteOffset(d);
        int end = d.length;
        Tuple was = Tuple.of(d, q, end);
        Tuple target = curConn.sent(curReply);
        int outerSrc = Ipv4Packet.src(d, 0);
        int outerDst = Ipv4Packet.dst(d, 0);
        Packets.setSrc(d, q, end, target.src());
        Packets.setDst(d, q, end, target.dst());
        Packets.setSrcPort(d, q, end, target.srcPort());
        Packets.setDstPort(d, q, end, target.dstPort());
        if (outerDst == was.src()) {
            Packets.setDst(d, 0, end, target.src());
        }
        if (outerSrc == was.dst()) {
            Packets.setSrc(d, 0, end, target.dst());
        }
        Packets.fillIcmpChecksum(d);
        if (ip.trace().enabled()) {
            ip.trace().emit(ip.nodeName(), NatEvents.TRANSLATE_ICMP_ERROR, hook,
                    Ip4.str(outerSrc) + " -> " + Ip4.str(outerDst) + " quoting " + was,
                    Ip4.str(Ipv4Packet.src(d, 0)) + " -> " + Ip4.str(Ipv4Packet.dst(d, 0)) + " quoting " + target);
        }
    }

    /**
     * Asks the firewall. A REJECT sends its answer through this same filter (nested), so the
     * datagram's context is kept in locals across the call.
     */
    private boolean allowed(Direction dir, byte[] d, NetInterface in) {
        Conn conn = curConn;
        CtState state = curState;
        Fragmented frag = curFragmented;
        if (frag != null && Ipv4Packet.fragmentOffset(d, 0) != 0) {
            return frag.passed; // the verdict on the datagram's first fragment
        }
        boolean confirmed = conn != null && conn.confirmed; // a RST sent by REJECT would confirm it
        if (firewall.check(dir, d, state, curTuple, in) == ACCEPT) {
            return true;
        }
        if (frag != null) {
            frag.passed = false;
        }
        if (conn != null && state != CtState.RELATED && !confirmed) {
            ct.destroy(conn, "dropped");
        }
        cur = null;
        curConn = null;
        return false;
    }

    private void confirm() {
        if (curConn != null && curState != CtState.RELATED) {
            curConn.confirmed = true;
        }
    }

    private void forgetUnconfirmed() {
        if (curConn != null && curState != CtState.RELATED && !curConn.confirmed) {
            ct.destroy(curConn, "dropped");
            curConn = null;
        }
    }
}
