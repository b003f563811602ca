package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.u16;

/**
 * A view of an ICMP message (RFC 792) at offset {@code off} of an IPv4 datagram's bytes.
 *
 * <pre>
 * |     Type      |     Code      |          Checksum             |
 * |            rest of header (identifier/sequence, MTU, unused)  |
 * |     data (echo payload, or the offending IP header + 8 bytes) |
 * </pre>
 */
public final class IcmpPacket {
    public static final int HEADER = 8;
    public static final int ECHO_REPLY = 0;
    public static final int DEST_UNREACHABLE = 3;
    public static final int ECHO_REQUEST = 8;
    public static final int TIME_EXCEEDED = 11;

    public static final int CODE_NET_UNREACHABLE = 0;
    public static final int CODE_HOST_UNREACHABLE = 1;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    public static final int CODE_ADMIN_PROHIBITED = 13;

    public static final int CODE_TTL_EXCEEDED = 0;
    public static final int CODE_REASSEMBLY_EXCEEDED = 1;

    private IcmpPacket() {
    }

    /** Returns null when the ICMP message at {@code off} ({@code len} bytes) is well formed. */
    public static String check(byte[] b, int off, int len) {
        if (len < HEADER) {
            return "truncated: " + len + " bytes is shorter than the 8-byte ICMP header";
        }
        if (Checksum.compute(b, off, len) != 0) {
            return "bad ICMP checksum 0x" + Integer.toHexString(u16(b, off + 2));
        }
        int type = type(b, off);
        if ((type == DEST_UNREACHABLE || type == TIME_EXCEEDED) && len < HEADER + Ipv4Packet.MIN_HEADER) {
            return "ICMP error too short to quote an IP header";
        }
        return null;
    }

    public static int type(byte[] b, int off) {
        return b[off] & 0xff;
    }

    public static int code(byte[] b, int off) {
        return b[off + 1] & 0xff;
    }

    public static int identifier(byte[] b, int off) {
        return u16(b, off + 4);
    }

    public static int sequence(byte[] b, int off) {
        return u16(b, off + 6);
    }

    public static int nextHopMtu(byte[] b, int off) {
        return u16(b, off + 6);
    }

    /**
     * Fills the checksum of the {@code len}-byte message at {@code off} (RFC 792: over the whole
     * message, the checksum field taken as zero), after building or editing it.
     */
    public static void fillChecksum(byte[] b, int off, int len) {
        put16(b, off + 2, 0);
        put16(b, off + 2, Checksum.compute(b, off, len));
    }

    public static String describe(int type, int code) {
        return switch (type) {
            case ECHO_REPLY -> "echo reply";
            case ECHO_REQUEST -> "echo request";
            case DEST_UNREACHABLE -> switch (code) {
                case CODE_NET_UNREACHABLE -> "net unreachable";
                case CODE_HOST_UNREACHABLE -> "host unreachable";
                case CODE_PROTOCOL_UNREACHABLE -> "protocol unreachable";
                case CODE_PORT_UNREACHABLE -> "port unreachable";
                case CODE_FRAGMENTATION_NEEDED -> "fragmentation needed";
                case CODE_ADMIN_PROHIBITED -> "communication administratively prohibited";
                default -> "destination unreachable code " + code;
            };
            case TIME_EXCEEDED -> code == CODE_TTL_EXCEEDED ? "time exceeded in transit" : "fragment reassembly time exceeded";
            default -> "type " + type + " code " + code;
        };
    }
}
