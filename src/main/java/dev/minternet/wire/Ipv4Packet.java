package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;

/**
 * A read/write view of an IPv4 datagram (RFC 791 3.1) at offset {@code off} of a byte array (0
 * for a datagram of its own, further in for the datagram an ICMP error quotes). Field accessors
 * read the bytes directly; {@link #check} validates lengths, version and the header checksum
 * before any of them is trusted.
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
     * Validates the {@code len} bytes received at {@code off}: returns null when they hold a
     * well-formed IPv4 header whose total length fits, else the reason to count the drop under.
     * Bytes past the total length (link-layer padding) are allowed.
     */
    public static String check(byte[] b, int off, int len) {
        if (len < MIN_HEADER) {
            return "truncated: " + len + " bytes is shorter than the 20-byte IPv4 header";
        }
        if (version(b, off) != 4) {
            return "version " + version(b, off) + " is not 4";
        }
        int ihl = headerLength(b, off);
        if (ihl < MIN_HEADER) {
            return "IHL " + (ihl / 4) + " is below the minimum of 5";
        }
        if (ihl > len) {
            return "truncated: header length " + ihl + " exceeds the " + len + " bytes received";
        }
        int total = totalLength(b, off);
        if (total < ihl) {
            return "total length " + total + " is smaller than the header length " + ihl;
        }
        if (total > len) {
            return "truncated: total length " + total + " exceeds the " + len + " bytes received";
        }
        if (Checksum.compute(b, off, ihl) != 0) {
            return "bad header checksum 0x" + Integer.toHexString(checksum(b, off));
        }
        return null;
    }

    public static int version(byte[] b, int off) {
        return (b[off] >>> 4) & 0xf;
    }

    /** Header length in bytes (IHL * 4). */
    public static int headerLength(byte[] b, int off) {
        return (b[off] & 0xf) * 4;
    }

    public static int tos(byte[] b, int off) {
        return b[off + 1] & 0xff;
    }

    public static int totalLength(byte[] b, int off) {
        return u16(b, off + 2);
    }

    public static int identification(byte[] b, int off) {
        return u16(b, off + 4);
    }

    public static boolean dontFragment(byte[] b, int off) {
        return (u16(b, off + 6) & FLAG_DF) != 0;
    }

    public static boolean moreFragments(byte[] b, int off) {
        return (u16(b, off + 6) & FLAG_MF) != 0;
    }

    /** Fragment offset in bytes (the field counts 8-byte units). */
    public static int fragmentOffset(byte[] b, int off) {
        return (u16(b, off + 6) & 0x1fff) * 8;
    }

    /** True for any fragment: more fragments follow, or this one does not start the datagram. */
    public static boolean isFragment(byte[] b, int off) {
        return (u16(b, off + 6) & (FLAG_MF | 0x1fff)) != 0;
    }

    public static int ttl(byte[] b, int off) {
        return b[off + 8] & 0xff;
    }

    public static int protocol(byte[] b, int off) {
        return b[off + 9] & 0xff;
    }

    public static int checksum(byte[] b, int off) {
        return u16(b, off + 10);
    }

    public static int src(byte[] b, int off) {
        return u32(b, off + 12);
    }

    public static int dst(byte[] b, int off) {
        return u32(b, off + 16);
    }

    /** Where the payload (the transport header) starts in {@code b}. */
    public static int payloadOffset(byte[] b, int off) {
        return off + headerLength(b, off);
    }

    public static int payloadLength(byte[] b, int off) {
        return totalLength(b, off) - headerLength(b, off);
    }

    /**
     * Decrements the TTL in place and patches the checksum incrementally (RFC 1624), as a
     * forwarding router does. The TTL shares its 16-bit word with the protocol field.
     */
    public static void decrementTtl(byte[] b, int off) {
        int oldWord = u16(b, off + 8);
        b[off + 8] = (byte) ((b[off + 8] & 0xff) - 1);
        int newWord = u16(b, off + 8);
        put16(b, off + 10, Checksum.update(checksum(b, off), oldWord, newWord));
    }

    /** Recomputes the header checksum from scratch (after editing several fields). */
    public static void fillChecksum(byte[] b, int off) {
        int ihl = headerLength(b, off);
        put16(b, off + 10, 0);
        put16(b, off + 10, Checksum.compute(b, off, ihl));
    }

    /**
     * Rewrites the source address and recomputes the header checksum. Only the header checksum:
     * NAT, which must also patch the transport checksum, uses netfilter's incremental rewrites.
     */
    public static void setSrc(byte[] b, int off, int a) {
        put32(b, off + 12, a);
        fillChecksum(b, off);
    }

    /** Rewrites the destination address and recomputes the header checksum (see {@link #setSrc}). */
    public static void setDst(byte[] b, int off, int a) {
        put32(b, off + 16, a);
        fillChecksum(b, off);
    }

    public static String protocolName(int p) {
        return switch (p) {
            case PROTO_ICMP -> "icmp";
            case PROTO_TCP -> "tcp";
            case PROTO_UDP -> "udp";
            case 89 -> "ospf";
            default -> Integer.toString(p);
        };
    }
}
