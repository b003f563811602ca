package dev.minternet.netfilter;

import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.UdpPacket;

/**
 * One direction of a flow as conntrack keys it: protocol, source and destination address and
 * port. For ICMP echo the identifier stands in for a port, on the source side of a request and
 * the destination side of a reply, so that a reply's tuple is the reverse of its request's (as
 * Linux's nf_conntrack_proto_icmp pairs them).
 */
public record Tuple(int proto, int src, int srcPort, int dst, int dstPort) {

    /**
     * The tuple of the datagram at {@code ip}, {@code end} being where its bytes stop; null when
     * it has none: a non-initial fragment, a transport header too short to hold the ports, or an
     * ICMP message that is neither an echo nor an echo reply. Protocols other than TCP, UDP and
     * ICMP are tracked by addresses alone (ports 0), as Linux's generic tracker does.
     */
    static Tuple of(byte[] b, int ip, int end) {
        if (end - ip < Ipv4Packet.MIN_HEADER || Ipv4Packet.fragmentOffset(b, ip) != 0) {
            return null;
        }
        int l4 = Ipv4Packet.payloadOffset(b, ip);
        int proto = Ipv4Packet.protocol(b, ip);
        int s = Ipv4Packet.src(b, ip);
        int t = Ipv4Packet.dst(b, ip);
        switch (proto) {
            case Ipv4Packet.PROTO_TCP -> {
                return end - l4 < 4 ? null : new Tuple(proto, s, TcpPacket.srcPort(b, l4), t, TcpPacket.dstPort(b, l4));
            }
            case Ipv4Packet.PROTO_UDP -> {
                return end - l4 < 4 ? null : new Tuple(proto, s, UdpPacket.srcPort(b, l4), t, UdpPacket.dstPort(b, l4));
            }
            case Ipv4Packet.PROTO_ICMP -> {
                if (end - l4 < IcmpPacket.HEADER) {
                    return null;
                }
                int type = IcmpPacket.type(b, l4);
                int id = IcmpPacket.identifier(b, l4);
                if (type == IcmpPacket.ECHO_REQUEST) {
                    return new Tuple(proto, s, id, t, 0);
                }
                if (type == IcmpPacket.ECHO_REPLY) {
                    return new Tuple(proto, s, 0, t, id);
                }
                return null;
            }
            default -> {
                return new Tuple(proto, s, 0, t, 0);
            }
        }
    }

    /** The tuple of datagram {@code d} (see {@link #of(byte[], int, int)}). */
    static Tuple of(byte[] d) {
        return of(d, 0, d.length);
    }

    // Written out: the generated record methods go through a bootstrap per call site and showed
    // up at the top of a profile of a NAT forwarding at full rate.
    @Override
    public boolean equals(Object o) {
        return o instanceof Tuple t && t.src == src && t.dst == dst && t.srcPort == srcPort && t.dstPort == dstPort
                && t.proto == proto;
    }

    @Override
    public int hashCode() {
        int h = src * 31 + dst;
        h = h * 31 + ((srcPort << 16) | dstPort);
        return h * 31 + proto;
    }

    /** The tuple a packet travelling the other way carries. */
    public Tuple reverse() {
        return new Tuple(proto, dst, dstPort, src, srcPort);
    }

    @Override
    public String toString() {
        return FirewallEvents.packet(Ipv4Packet.protocolName(proto), Ip4.str(src), srcPort, Ip4.str(dst), dstPort);
    }

    /** "a.b.c.d:port" of the source side. */
    public String srcEndpoint() {
        return Ip4.str(src) + ":" + srcPort;
    }

    public String dstEndpoint() {
        return Ip4.str(dst) + ":" + dstPort;
    }
}
