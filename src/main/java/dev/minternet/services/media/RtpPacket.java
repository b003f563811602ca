package dev.minternet.services.media;

/**
 * An RTP data packet (RFC 3550 5.1): the 12-byte fixed header (no CSRC list, no extension, no
 * padding, as a single-source sender writes it) and its payload.
 *
 * <pre>
 *  0                   1                   2                   3
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * |                           timestamp                           |
 * |           synchronization source (SSRC) identifier            |
 * </pre>
 *
 * @param marker the M bit: set on the last packet of a video frame (RFC 3551 5)
 * @param payloadType 7 bits; 96 to 127 are dynamic (RFC 3551 6)
 * @param sequence 16 bits, one more per packet
 * @param timestamp 32 bits, the sampling instant of the frame on the payload's clock
 * @param ssrc the source's 32-bit identifier, chosen at random (RFC 3550 8.1)
 */
public record RtpPacket(boolean marker, int payloadType, int sequence, long timestamp, long ssrc, byte[] payload) {
    public static final int VERSION = 2;
    public static final int HEADER = 12;

    public RtpPacket {
        if (payloadType < 0 || payloadType > 127 || sequence < 0 || sequence > 0xFFFF || timestamp < 0 || timestamp > 0xFFFFFFFFL
                || ssrc < 0 || ssrc > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("bad RTP header field");
        }
    }

    public int length() {
        return HEADER + payload.length;
    }

    public byte[] emit() {
        byte[] b = new byte[length()];
        b[0] = (byte) (VERSION << 6);
        b[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        b[2] = (byte) (sequence >>> 8);
        b[3] = (byte) sequence;
        put32(b, 4, timestamp);
        put32(b, 8, ssrc);
        System.arraycopy(payload, 0, b, HEADER, payload.length);
        return b;
    }

    /** Whether {@code b} starts like an RTP data packet (version 2, payload type not an RTCP one; RFC 5761 4). */
    public static boolean isRtp(byte[] b) {
        if (b.length < HEADER || (b[0] & 0xC0) >>> 6 != VERSION) {
            return false;
        }
        int pt = b[1] & 0x7F;
        return pt < 64 || pt > 95;
    }

    /** Parses an RTP packet without CSRCs, extension or padding; null when {@code b} is not one. */
    public static RtpPacket parse(byte[] b) {
        if (!isRtp(b) || (b[0] & 0x3F) != 0) {
            return null;
        }
        byte[] payload = new byte[b.length - HEADER];
        System.arraycopy(b, HEADER, payload, 0, payload.length);
        return new RtpPacket((b[1] & 0x80) != 0, b[1] & 0x7F, (b[2] & 0xFF) << 8 | b[3] & 0xFF, get32(b, 4), get32(b, 8), payload);
    }

    static void put32(byte[] b, int at, long v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    static long get32(byte[] b, int at) {
        return (b[at] & 0xFFL) << 24 | (b[at + 1] & 0xFFL) << 16 | (b[at + 2] & 0xFFL) << 8 | b[at + 3] & 0xFFL;
    }
}
