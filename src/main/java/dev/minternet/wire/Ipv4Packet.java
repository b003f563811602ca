package dev.minternet.wire;

import static dev.minternet.wire.Checksum.put16;
import static dev.minternet.wire.Checksum.u16;
import static dev.minternet.wire.Checksum.u32;

/**
 * A read/write view of an IPv4 datagram (RFC 791 3.1) held at the start of a byte array. Field
 * accessors read the bytes directly; {@link #check} validates lengths, version and the header
 * checksum before any of them is trusted.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * |Version|  IHL  |Type of Service|          Total Length         |
 * |         Identification        |Flags|      Fragment Offset    |
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * |                       Source Address                          |
 * |                    Destination Address                        |
 * </pre>
 */
public final class Ipv4Packet {
    public static final int MIN_HEADER = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int FLAG_DF = 0x4000;
    public static final int FLAG_MF = 0x2000;

    private Ipv4Packet() {
    }

    /**
     * Validates a received datagram: returns null when the bytes hold a well-formed IPv4 header
     * whose total length fits the buffer, else the reason to count the drop under.
     */
    public static String check(byte[] b) {
        return check(b, b.length);
    }

    public static String check(byte[] b, int len) {
        if (len < MIN_HEADER) {
            return "truncated: " + len + " bytes is shorter than the 20-byte IPv4 header";
        }
        if ((b[0] >>> 4 & 0xf) != 4) {
            return "version " + (b[0] >>> 4 & 0xf) + " is not 4";
        }
        int ihl = headerLength(b);
        if (ihl < MIN_HEADER) {
            return "IHL " + (ihl / 4) + " is below the minimum of 5";
        }
        if (ihl > len) {
            return "truncated: header length " + ihl + " exceeds the " + len + " bytes received";
        }
        int total = totalLength(b);
        if (total < ihl) {
            return "total length " + total + " is smaller than the header length " + ihl;
        }
        if (total > len) {
            return "truncated: total length " + total + " exceeds the " + len + " bytes received";
        }
        if (Checksum.compute(b, 0, ihl) != 0) {
            return "bad header checksum 0x" + Integer.toHexString(checksum(b));
        }
        return null;
    }

    public static int version(byte[] b) {
        return (b[0] >>> 4) & 0xf;
    }

    /** Header length in bytes (IHL * 4). */
    public static int headerLength(byte[] b) {
        return (b[0] & 0xf) * 4;
    }

    public static int tos(byte[] b) {
        return b[1] & 0xff;
    }

    public static int totalLength(byte[] b) {
        return u16(b, 2);
    }

    public static int identification(byte[] b) {
        return u16(b, 4);
    }

    public static boolean dontFragment(byte[] b) {
        return (u16(b, 6) & FLAG_DF) != 0;
    }

    public static boolean moreFragments(byte[] b) {
        return (u16(b, 6) & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes (the field counts 8-byte units). */
    public static int fragmentOffset(byte[] b) {
        return (u16(b, 6) & 0x1fff) * 8;
    }

    public static boolean isFragment(byte[] b) {
        return (u16(b, 6) & (FLAG_MF | 0x1fff)) != 0;
    }

    public static int ttl(byte[] b) {
        return b[8] & 0xff;
    }

    public static int protocol(byte[] b) {
        return b[9] & 0xff;
    }

    public static int checksum(byte[] b) {
        return u16(b, 10);
    }

    public static int src(byte[] b) {
        return u32(b, 12);
    }

    public static int dst(byte[] b) {
        return u32(b, 16);
    }

    public static int payloadOffset(byte[] b) {
        return headerLength(b);
    }

    public static int payloadLength(byte[] b) {
        return totalLength(b) - headerLength(b);
    }

    /**
     * Decrements the TTL in place and patches the checksum incrementally (RFC 1624), as a
     * forwarding router does. The TTL shares its 16-bit word with the protocol field.
     */
    public static void decrementTtl(byte[] b) {
        int oldWord = u16(b, 8);
        b[8] = (byte) ((b[8] & 0xff) - 1);
        int newWord = u16(b, 8);
        put16(b, 10, Checksum.update(checksum(b), oldWord, newWord));
    }

    /** Recomputes the header checksum from scratch (after editing several fields). */
    public static void fillChecksum(byte[] b) {
        int ihl = headerLength(b);
        put16(b, 10, 0);
        put16(b, 10, Checksum.compute(b, 0, ihl));
    }

    /** Rewrites the source address, with checksum fixed (used by NAT later). */
    public static void setSrc(byte[] b, int a) {
        Checksum.put32(b, 12, a);
        fillChecksum(b);
    }

    public static void setDst(byte[] b, int a) {
        Checksum.put32(b, 16, a);
        fillChecksum(b);
    }

    public static String protocolName(int p) {
        return switch (p) {
            case PROTO_ICMP -> "icmp";
            case PROTO_TCP -> "tcp";
            case PROTO_UDP -> "udp";
            default -> Integer.toString(p);
        };
    }
}
