package dev.minternet.ip;

import dev.minternet.wire.Ipv4Packet;

/**
 * What the IP layer already knows about a datagram it hands to a transport: where the header and
 * the payload lie in the bytes, the addresses, the protocol, the TTL and the arrival interface.
 * {@link IpStack} fills one from the header it validated before it calls
 * {@link ProtocolHandler#receive}, and {@link Icmp} fills one for the datagram an ICMP error
 * quotes, so no transport reads the IP header again.
 *
 * <p>An {@link IpStack} refills the same object for every datagram, so delivering costs no
 * allocation: a handler reads what it needs during the call and keeps nothing of the view.
 *
 * <p>The fields are those of an IPv4 header today. They are the ones IPv6 has as well (the
 * payload after the extension headers, next header, hop limit), so an IPv6 header can fill the
 * same view later beside its 128-bit addresses; {@link #version} tells a handler which.
 */
public final class IpHeaderView {
    private byte[] buffer;
    private int offset;
    private int headerLength;
    private int payloadLength;
    private int protocol;
    private int ttl;
    private int src;
    private int dst;
    private NetInterface iface;
    /** Set while a handler holds this view, so that a nested delivery takes a fresh one. */
    private boolean inUse;

    /**
     * A view of the whole IPv4 datagram {@code d}, for code that hands a datagram to a transport
     * itself rather than through an {@link IpStack} (tests). Throws when the header is malformed.
     */
    public static IpHeaderView ofIpv4(byte[] d) {
        String bad = Ipv4Packet.check(d, 0, d.length);
        if (bad != null) {
            throw new IllegalArgumentException(bad);
        }
        return new IpHeaderView().fillIpv4(d, 0, Ipv4Packet.payloadLength(d, 0), null);
    }

    /** This view for one delivery, or a fresh one if a delivery in progress holds it. */
    IpHeaderView claim() {
        IpHeaderView v = inUse ? new IpHeaderView() : this;
        v.inUse = true;
        return v;
    }

    void release() {
        inUse = false;
        buffer = null;
        iface = null;
    }

    /**
     * Reads the IPv4 header at {@code off} of {@code b}, which {@link Ipv4Packet#check} accepted.
     * {@code payloadLength} is what follows the header in the bytes the view covers: the whole
     * payload of a delivered datagram, the first bytes of it for a quoted one.
     */
    IpHeaderView fillIpv4(byte[] b, int off, int payloadLength, NetInterface iface) {
        this.buffer = b;
        this.offset = off;
        this.headerLength = Ipv4Packet.headerLength(b, off);
        this.payloadLength = payloadLength;
        this.protocol = Ipv4Packet.protocol(b, off);
        this.ttl = Ipv4Packet.ttl(b, off);
        this.src = Ipv4Packet.src(b, off);
        this.dst = Ipv4Packet.dst(b, off);
        this.iface = iface;
        return this;
    }

    /** The IP version: 4. */
    public int version() {
        return 4;
    }

    /** The bytes holding the datagram. */
    public byte[] buffer() {
        return buffer;
    }

    /** Where the IP header starts in {@link #buffer}. */
    public int offset() {
        return offset;
    }

    /** The IP header's length in bytes, options included. */
    public int headerLength() {
        return headerLength;
    }

    /** Where the transport header starts in {@link #buffer}. */
    public int payloadOffset() {
        return offset + headerLength;
    }

    /** Bytes of payload present after the header. */
    public int payloadLength() {
        return payloadLength;
    }

    /** Header and payload bytes present. */
    public int length() {
        return headerLength + payloadLength;
    }

    /** The transport protocol number (ICMP 1, TCP 6, UDP 17). */
    public int protocol() {
        return protocol;
    }

    /** The TTL the datagram arrived with. */
    public int ttl() {
        return ttl;
    }

    /** Source address. */
    public int src() {
        return src;
    }

    /** Destination address. */
    public int dst() {
        return dst;
    }

    /** The interface the datagram arrived on; null when it was sent to this node by itself, or for a quote. */
    public NetInterface iface() {
        return iface;
    }
}
