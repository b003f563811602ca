package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;
import static dev.minternet.wire.BigEndian.u16;
import static dev.minternet.wire.BigEndian.u32;
import static dev.minternet.wire.BigEndian.u8;

/**
 * The IPv6 Fragment extension header (RFC 8200 4.5), next header 44, 8 bytes at offset {@code off}:
 * the next header of the fragmentable part, the fragment offset in 8-octet units (13 bits), the M
 * flag (more fragments) and a 32-bit identification shared by every fragment of one datagram.
 *
 * <pre>
 * |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 * |                         Identification                        |
 * </pre>
 */
public final class Ipv6Fragment {
    /** The next header value that announces a Fragment header. */
    public static final int NEXT_HEADER = 44;
    public static final int HEADER = 8;
    /** Fragment payloads but the last are multiples of this (RFC 8200 4.5). */
    public static final int UNIT = 8;

    private Ipv6Fragment() {
    }

    /** The next header of the fragmentable part (the upper layer's: 58, 17, ...). */
    public static int nextHeader(byte[] b, int off) {
        return u8(b, off);
    }

    /** The fragment offset in bytes (the field counts 8-octet units). */
    public static int offset(byte[] b, int off) {
        return u16(b, off + 2) & 0xfff8;
    }

    /** The M flag: more fragments follow. */
    public static boolean more(byte[] b, int off) {
        return (u16(b, off + 2) & 1) != 0;
    }

    /** The identification, as an unsigned 32-bit value. */
    public static long identification(byte[] b, int off) {
        return u32(b, off + 4) & 0xffff_ffffL;
    }

    /** Writes the header: {@code offset} in bytes (a multiple of 8), reserved fields 0. */
    public static void emit(byte[] b, int off, int nextHeader, int offset, boolean more, int id) {
        if ((offset & 7) != 0 || offset > 0xfff8) {
            throw new IllegalArgumentException("fragment offset " + offset + " is not a multiple of 8 below 65536");
        }
        b[off] = (byte) nextHeader;
        b[off + 1] = 0;
        put16(b, off + 2, offset | (more ? 1 : 0));
        put32(b, off + 4, id);
    }

    /** Whether the IPv6 datagram at {@code ip} carries a Fragment header right after its 40-byte header. */
    public static boolean isFragment(byte[] b, int ip, int len) {
        return len >= Ipv6Packet.HEADER + HEADER && Ipv6Packet.nextHeader(b, ip) == NEXT_HEADER;
    }

    /**
     * Whether the IPv6 datagram at {@code ip} ({@code len} bytes) carries next header {@code next},
     * directly or after a Fragment header, as libpcap's {@code ip6 proto} (and {@code icmp6}) tests it.
     */
    public static boolean carries(byte[] b, int ip, int len, int next) {
        if (len < Ipv6Packet.HEADER) {
            return false;
        }
        int nh = Ipv6Packet.nextHeader(b, ip);
        return nh == next || nh == NEXT_HEADER && len > Ipv6Packet.HEADER && nextHeader(b, ip + Ipv6Packet.HEADER) == next;
    }

    /** An atomic fragment (RFC 6946): offset 0 and no more fragments, a whole datagram in one piece. */
    public static boolean atomic(byte[] b, int off) {
        return offset(b, off) == 0 && !more(b, off);
    }

    /** "frag (offset|length)" as tcpdump prints a fragment of {@code length} payload bytes. */
    public static String describe(byte[] b, int off, int length) {
        return "frag (" + offset(b, off) + "|" + length + ")";
    }

    /** The same as tcpdump -v prints it, the identification first (print-frag6.c): {@code frag (0x00cc3cb2:0|1232)}. */
    public static String describeVerbose(byte[] b, int off, int length) {
        long id = ((b[off + 4] & 0xffL) << 24) | ((b[off + 5] & 0xff) << 16) | ((b[off + 6] & 0xff) << 8) | (b[off + 7] & 0xff);
        return String.format(java.util.Locale.ROOT, "frag (0x%08x:%d|%d)", id, offset(b, off), length);
    }
}
