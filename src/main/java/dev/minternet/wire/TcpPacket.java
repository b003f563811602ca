package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;

/**
 * A view of a TCP segment (RFC 9293 3.1) at offset {@code off} of an IPv4 datagram's bytes.
 * Accessors read the bytes directly; {@link #check} validates the header length and the checksum
 * before any of them is trusted.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options                    |    Padding    |
 * </pre>
 */
public final class TcpPacket {
    public static final int MIN_HEADER = 20;
    /** The data offset field is 4 bits of 32-bit words: at most 60 bytes, 40 of them options. */
    public static final int MAX_HEADER = 60;

    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;
    public static final int ECE = 0x40;
    public static final int CWR = 0x80;

    /** Option kinds (IANA "TCP Option Kind Numbers"). */
    public static final int OPT_EOL = 0;
    public static final int OPT_NOP = 1;
    public static final int OPT_MSS = 2;
    public static final int OPT_WSCALE = 3;
    public static final int OPT_SACK_PERMITTED = 4;
    public static final int OPT_SACK = 5;
    public static final int OPT_TIMESTAMP = 8;

    private TcpPacket() {
    }

    /**
     * Validates the TCP segment at {@code off}, {@code len} bytes long (the IP payload), carried
     * from {@code src} to {@code dst}. Returns null when the header fits and the checksum over the
     * pseudo-header verifies, else the reason to count the drop under. Options are checked by
     * {@link TcpRepr#parse}.
     */
    public static String check(byte[] b, int off, int len, int src, int dst) {
        if (len < MIN_HEADER) {
            return "truncated: " + len + " bytes is shorter than the 20-byte TCP header";
        }
        int hl = headerLength(b, off);
        if (hl < MIN_HEADER) {
            return "data offset " + (hl / 4) + " is below the minimum of 5";
        }
        if (hl > len) {
            return "truncated: data offset says " + hl + " header bytes, segment has " + len;
        }
        if (!checksumValid(b, off, len, src, dst)) {
            return "bad TCP checksum 0x" + Integer.toHexString(checksum(b, off));
        }
        return null;
    }

    /** True when the one's complement sum over pseudo-header and segment is all ones. */
    public static boolean checksumValid(byte[] b, int off, int len, int src, int dst) {
        long acc = Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, len);
        return Checksum.finish(Checksum.sum(b, off, len, acc)) == 0;
    }

    public static int srcPort(byte[] b, int off) {
        return u16(b, off);
    }

    public static int dstPort(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static int seq(byte[] b, int off) {
        return u32(b, off + 4);
    }

    public static int ack(byte[] b, int off) {
        return u32(b, off + 8);
    }

    /** Header length in bytes (data offset * 4), options included. */
    public static int headerLength(byte[] b, int off) {
        return ((b[off + 12] >>> 4) & 0xf) * 4;
    }

    /** The eight flag bits CWR..FIN (RFC 9293 3.1; bit 8, once "NS", is reserved). */
    public static int flags(byte[] b, int off) {
        return b[off + 13] & 0xff;
    }

    /** The raw 16-bit window field, before window scaling. */
    public static int window(byte[] b, int off) {
        return u16(b, off + 14);
    }

    public static int checksum(byte[] b, int off) {
        return u16(b, off + 16);
    }

    public static int urgent(byte[] b, int off) {
        return u16(b, off + 18);
    }

    public static int optionsOffset(int off) {
        return off + MIN_HEADER;
    }

    public static int optionsLength(byte[] b, int off) {
        return headerLength(b, off) - MIN_HEADER;
    }

    /** Writes the fixed 20-byte header with a zero checksum; options go at {@code off + 20}. */
    static void emitFixed(byte[] b, int off, int srcPort, int dstPort, int seq, int ack, int headerLength,
                          int flags, int window, int urgent) {
        put16(b, off, srcPort);
        put16(b, off + 2, dstPort);
        put32(b, off + 4, seq);
        put32(b, off + 8, ack);
        b[off + 12] = (byte) ((headerLength / 4) << 4);
        b[off + 13] = (byte) flags;
        put16(b, off + 14, window);
        put16(b, off + 16, 0);
        put16(b, off + 18, urgent);
    }

    /**
     * Fills the checksum of the {@code len}-byte segment at {@code off} (header, options and payload
     * in place, checksum field zero) over the IPv4 pseudo-header (RFC 9293 3.1).
     */
    public static void fillChecksum(byte[] b, int off, int len, int src, int dst) {
        fillChecksum(b, off, len, len, src, dst);
    }

    /**
     * {@link #fillChecksum} for a segment of {@code len} bytes whose bytes from {@code summed} on
     * are zeros, which add nothing to the sum and are not read.
     */
    static void fillChecksum(byte[] b, int off, int len, int summed, int src, int dst) {
        put16(b, off + 16, 0);
        long acc = Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, len);
        put16(b, off + 16, Checksum.finish(Checksum.sum(b, off, summed, acc)));
    }

    /** {@link #fillChecksum} over the IPv6 pseudo-header (RFC 8200 8.1: addresses, length, next header 6). */
    public static void fillChecksum6(byte[] b, int off, int len, Ip6 src, Ip6 dst) {
        put16(b, off + 16, 0);
        long acc = Ipv6Packet.pseudoHeader(src, dst, len, Ipv6Packet.NEXT_TCP);
        put16(b, off + 16, Checksum.finish(Checksum.sum(b, off, len, acc)));
    }

    /** {@link #check} for a segment carried over IPv6 (the checksum over RFC 8200 8.1's pseudo-header). */
    public static String check6(byte[] b, int off, int len, Ip6 src, Ip6 dst) {
        if (len < MIN_HEADER || headerLength(b, off) < MIN_HEADER || headerLength(b, off) > len) {
            return check(b, off, len, 0, 0); // the same header reasons; the checksum is not reached
        }
        long acc = Ipv6Packet.pseudoHeader(src, dst, len, Ipv6Packet.NEXT_TCP);
        return Checksum.finish(Checksum.sum(b, off, len, acc)) == 0 ? null : "bad TCP checksum 0x" + Integer.toHexString(checksum(b, off));
    }

    /** Every combination of the eight flag bits, named once (the trace names each segment's). */
    private static final String[] FLAG_STRINGS = new String[256];

    static {
        for (int f = 0; f < FLAG_STRINGS.length; f++) {
            FLAG_STRINGS[f] = flagNames(f);
        }
    }

    /** "SYN,ACK"-style rendering of the flag bits, in the order tcpdump prints them. */
    public static String flagString(int flags) {
        return FLAG_STRINGS[flags & 0xff];
    }

    private static String flagNames(int flags) {
        StringBuilder sb = new StringBuilder();
        if ((flags & SYN) != 0) sb.append("SYN,");
        if ((flags & FIN) != 0) sb.append("FIN,");
        if ((flags & RST) != 0) sb.append("RST,");
        if ((flags & PSH) != 0) sb.append("PSH,");
        if ((flags & ACK) != 0) sb.append("ACK,");
        if ((flags & URG) != 0) sb.append("URG,");
        if ((flags & ECE) != 0) sb.append("ECE,");
        if ((flags & CWR) != 0) sb.append("CWR,");
        if (sb.length() == 0) {
            return "none";
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
