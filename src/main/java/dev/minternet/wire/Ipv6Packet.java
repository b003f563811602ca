package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;
import static dev.minternet.wire.BigEndian.u8;

/**
 * The IPv6 fixed header (RFC 8200 3), 40 bytes at offset {@code off}; extension headers are not
 * sent (a datagram's next header is its upper layer's: 58 ICMPv6). Traffic class and flow label
 * are sent as 0.
 *
 * <pre>
 * |Version| Traffic Class |           Flow Label                  |
 * |         Payload Length        |  Next Header  |   Hop Limit   |
 * |                    Source Address (16 bytes)                  |
 * |                 Destination Address (16 bytes)                |
 * </pre>
 */
public final class Ipv6Packet {
    public static final int HEADER = 40;
    public static final int NEXT_ICMPV6 = 58;
    public static final int NEXT_TCP = 6;
    public static final int NEXT_UDP = 17;
    /** Linux's default hop limit (net.ipv6.conf.*.hop_limit). */
    public static final int DEFAULT_HOP_LIMIT = 64;
    /** Every IPv6 link carries at least this much (RFC 8200 5). */
    public static final int MIN_MTU = 1280;

    private Ipv6Packet() {
    }

    /** Returns null when the header at {@code off} of {@code len} bytes is well formed, else why not. */
    public static String check(byte[] b, int off, int len) {
        if (len < HEADER) {
            return "truncated: " + len + " bytes is shorter than the 40-byte IPv6 header";
        }
        if (version(b, off) != 6) {
            return "version " + version(b, off) + " is not 6";
        }
        if (HEADER + payloadLength(b, off) > len) {
            return "payload length " + payloadLength(b, off) + " exceeds the " + (len - HEADER) + " bytes received";
        }
        return null;
    }

    public static int version(byte[] b, int off) {
        return u8(b, off) >>> 4;
    }

    public static int payloadLength(byte[] b, int off) {
        return u16(b, off + 4);
    }

    public static int nextHeader(byte[] b, int off) {
        return u8(b, off + 6);
    }

    public static int hopLimit(byte[] b, int off) {
        return u8(b, off + 7);
    }

    public static void setHopLimit(byte[] b, int off, int h) {
        b[off + 7] = (byte) h;
    }

    public static Ip6 src(byte[] b, int off) {
        return Ip6.read(b, off + 8);
    }

    public static Ip6 dst(byte[] b, int off) {
        return Ip6.read(b, off + 24);
    }

    /** Whether the source address is ::1, read in place (the input path asks it of every datagram). */
    public static boolean srcIsLoopback(byte[] b, int off) {
        for (int i = off + 8; i < off + 23; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[off + 23] == 1;
    }

    /** Writes a header for {@code payloadLength} bytes that follow it. Flow label and traffic class 0. */
    public static void emit(byte[] b, int off, Ip6 src, Ip6 dst, int nextHeader, int hopLimit, int payloadLength) {
        put32(b, off, 6 << 28);
        put16(b, off + 4, payloadLength);
        b[off + 6] = (byte) nextHeader;
        b[off + 7] = (byte) hopLimit;
        src.write(b, off + 8);
        dst.write(b, off + 24);
    }

    /** Sets the traffic class (8 bits after the version; the flow label stays). */
    public static void setTrafficClass(byte[] b, int off, int trafficClass) {
        put32(b, off, (u32(b, off) & 0xf00fffff) | (trafficClass & 0xff) << 20);
    }

    /** A datagram: header then {@code payload}. */
    public static byte[] build(Ip6 src, Ip6 dst, int nextHeader, int hopLimit, byte[] payload) {
        byte[] d = new byte[HEADER + payload.length];
        emit(d, 0, src, dst, nextHeader, hopLimit, payload.length);
        System.arraycopy(payload, 0, d, HEADER, payload.length);
        return d;
    }

    /** The sum of the upper-layer pseudo-header (RFC 8200 8.1): addresses, length, next header. */
    public static long pseudoHeader(Ip6 src, Ip6 dst, int upperLength, int nextHeader) {
        long s = 0;
        for (int i = 0; i < 8; i++) {
            s += src.group(i) + dst.group(i);
        }
        return s + (upperLength >>> 16) + (upperLength & 0xffff) + nextHeader;
    }

    /** Flow label (20 bits). */
    public static int flowLabel(byte[] b, int off) {
        return u32(b, off) & 0xf_ffff;
    }
}
