package dev.minternet.netfilter;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Checksum;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;

/**
 * Hand-built TCP segments (RFC 9293 3.1) for testing NAT and conntrack before the TCP module
 * exists: a 20-byte header without options, a correct checksum over the pseudo-header.
 */
final class Segments {
    private Segments() {
    }

    static byte[] tcp(int src, int dst, int sport, int dport, long seq, long ack, int flags, byte[] payload) {
        int l4 = 20 + payload.length;
        byte[] d = new Ipv4Repr(src, dst, Ipv4Packet.PROTO_TCP, 64, 0, 0x4242, true, false, 0, l4, Ipv4Repr.NO_OPTIONS)
                .build(new byte[l4]);
        int o = 20;
        BigEndian.put16(d, o, sport);
        BigEndian.put16(d, o + 2, dport);
        BigEndian.put32(d, o + 4, (int) seq);
        BigEndian.put32(d, o + 8, (int) ack);
        d[o + 12] = (byte) (5 << 4);
        d[o + 13] = (byte) flags;
        BigEndian.put16(d, o + 14, 65535);
        System.arraycopy(payload, 0, d, o + 20, payload.length);
        fillTcpChecksum(d);
        return d;
    }

    static void fillTcpChecksum(byte[] d) {
        int o = Ipv4Packet.headerLength(d, 0);
        int l4 = d.length - o;
        BigEndian.put16(d, o + 16, 0);
        long acc = Checksum.pseudoHeader(Ipv4Packet.src(d, 0), Ipv4Packet.dst(d, 0), Ipv4Packet.PROTO_TCP, l4);
        BigEndian.put16(d, o + 16, Checksum.finish(Checksum.sum(d, o, l4, acc)));
    }

    /** True when the TCP checksum verifies (the sum over pseudo-header and segment is zero). */
    static boolean tcpChecksumOk(byte[] d) {
        int o = Ipv4Packet.headerLength(d, 0);
        int l4 = Ipv4Packet.totalLength(d, 0) - o;
        long acc = Checksum.pseudoHeader(Ipv4Packet.src(d, 0), Ipv4Packet.dst(d, 0), Ipv4Packet.PROTO_TCP, l4);
        return Checksum.finish(Checksum.sum(d, o, l4, acc)) == 0;
    }

    static int sport(byte[] d) {
        return BigEndian.u16(d, Ipv4Packet.headerLength(d, 0));
    }

    static int dport(byte[] d) {
        return BigEndian.u16(d, Ipv4Packet.headerLength(d, 0) + 2);
    }

    static long seq(byte[] d) {
        return BigEndian.u32(d, Ipv4Packet.headerLength(d, 0) + 4) & 0xffffffffL;
    }

    static long ack(byte[] d) {
        return BigEndian.u32(d, Ipv4Packet.headerLength(d, 0) + 8) & 0xffffffffL;
    }

    static int flags(byte[] d) {
        return d[Ipv4Packet.headerLength(d, 0) + 13] & 0xff;
    }
}
