package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.u16;

/**
 * A view of a UDP datagram (RFC 768) at offset {@code off} of an IPv4 datagram's bytes.
 *
 * <pre>
 * |     Source Port     |   Destination Port  |
 * |       Length        |      Checksum       |
 * </pre>
 */
public final class UdpPacket {
    public static final int HEADER = 8;

    private UdpPacket() {
    }

    /**
     * Validates the UDP header found at {@code off}, {@code len} bytes long, inside a datagram from
     * {@code src} to {@code dst}. Returns null when well formed, else the reason.
     */
    public static String check(byte[] b, int off, int len, int src, int dst) {
        if (len < HEADER) {
            return "truncated: " + len + " bytes is shorter than the 8-byte UDP header";
        }
        int l = length(b, off);
        if (l < HEADER || l > len) {
            return "UDP length " + l + " does not fit the " + len + "-byte IP payload";
        }
        if (checksum(b, off) != 0) {
            long acc = Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_UDP, l);
            if (Checksum.finish(Checksum.sum(b, off, l, acc)) != 0) {
                return "bad UDP checksum 0x" + Integer.toHexString(checksum(b, off));
            }
        }
        return null;
    }

    public static int srcPort(byte[] b, int off) {
        return u16(b, off);
    }

    public static int dstPort(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static int length(byte[] b, int off) {
        return u16(b, off + 4);
    }

    public static int checksum(byte[] b, int off) {
        return u16(b, off + 6);
    }

    /**
     * Writes a UDP header at {@code off} in front of {@code payloadLength} payload bytes already
     * in place, and fills the checksum over the pseudo-header, header and payload. A computed
     * checksum of zero is sent as 0xffff (RFC 768).
     */
    public static void emit(byte[] b, int off, int src, int dst, int srcPort, int dstPort, int payloadLength) {
        int l = HEADER + payloadLength;
        put16(b, off, srcPort);
        put16(b, off + 2, dstPort);
        put16(b, off + 4, l);
        put16(b, off + 6, 0);
        long acc = Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_UDP, l);
        int c = Checksum.finish(Checksum.sum(b, off, l, acc));
        put16(b, off + 6, c == 0 ? 0xffff : c);
    }

    /**
     * Validates a UDP datagram carried by IPv6 (RFC 8200 8.1): as {@link #check}, with the IPv6
     * pseudo-header, and a zero checksum is an error (mandatory over IPv6; RFC 8200 8.1 says a
     * receiver discards it).
     */
    public static String check6(byte[] b, int off, int len, Ip6 src, Ip6 dst) {
        if (len < HEADER) {
            return "truncated: " + len + " bytes is shorter than the 8-byte UDP header";
        }
        int l = length(b, off);
        if (l < HEADER || l > len) {
            return "UDP length " + l + " does not fit the " + len + "-byte IPv6 payload";
        }
        if (checksum(b, off) == 0) {
            return "zero UDP checksum (mandatory over IPv6)";
        }
        long acc = Ipv6Packet.pseudoHeader(src, dst, l, Ipv6Packet.NEXT_UDP);
        if (Checksum.finish(Checksum.sum(b, off, l, acc)) != 0) {
            return "bad UDP checksum 0x" + Integer.toHexString(checksum(b, off));
        }
        return null;
    }

    /**
     * Builds a UDP datagram over IPv6 (header and payload, no IPv6 header), its checksum over the
     * IPv6 pseudo-header (RFC 8200 8.1); a computed zero is sent as 0xffff (RFC 768).
     */
    public static byte[] build6(Ip6 src, Ip6 dst, int srcPort, int dstPort, byte[] payload) {
        int l = HEADER + payload.length;
        byte[] b = new byte[l];
        System.arraycopy(payload, 0, b, HEADER, payload.length);
        put16(b, 0, srcPort);
        put16(b, 2, dstPort);
        put16(b, 4, l);
        long acc = Ipv6Packet.pseudoHeader(src, dst, l, Ipv6Packet.NEXT_UDP);
        int c = Checksum.finish(Checksum.sum(b, 0, l, acc));
        put16(b, 6, c == 0 ? 0xffff : c);
        return b;
    }
}
