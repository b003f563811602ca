package dev.minternet.netfilter;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;

/**
 * One direction of a flow as conntrack keys it: protocol, source and destination address and
 * port. For ICMP echo the identifier stands in for a port, on the source side of a request and
 * the destination side of a reply, so that a reply's tuple is the reverse of its request's (as
 * Linux's nf_conntrack_proto_icmp pairs them).
 */
public record Tuple(int proto, int src, int srcPort, int dst, int dstPort) {

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
        return Ipv4Packet.protocolName(proto) + " " + Ip4.str(src) + ":" + srcPort + " -> " + Ip4.str(dst) + ":" + dstPort;
    }

    /** "a.b.c.d:port" of the source side. */
    public String srcEndpoint() {
        return Ip4.str(src) + ":" + srcPort;
    }

    public String dstEndpoint() {
        return Ip4.str(dst) + ":" + dstPort;
    }
}
