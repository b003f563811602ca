package dev.minternet.wire;

import static dev.minternet.wire.BigEndian.put16;
import static dev.minternet.wire.BigEndian.put32;

import java.util.Arrays;
import java.util.Objects;

/**
 * The parsed form of an IPv4 header, used to build datagrams. {@link #emit} writes the header,
 * options (padded to a 32-bit boundary) and the header checksum.
 *
 * @param tos the whole second octet (DSCP and ECN)
 * @param fragmentOffset in bytes; must be a multiple of 8
 * @param payloadLength bytes following the header
 */
public record Ipv4Repr(int src, int dst, int protocol, int ttl, int tos, int identification,
                       boolean dontFragment, boolean moreFragments, int fragmentOffset,
                       int payloadLength, byte[] options) {

    public static final byte[] NO_OPTIONS = new byte[0];
    /** The largest fragment offset in bytes: 8191 units of 8 (RFC 791 3.1). */
    private static final int MAX_FRAGMENT_OFFSET = 0x1fff * 8;

    public Ipv4Repr {
        if (options == null) {
            options = NO_OPTIONS;
        }
        if (options.length > 40) {
            throw new IllegalArgumentException("IPv4 options are limited to 40 bytes");
        }
        if ((fragmentOffset & 7) != 0) {
            throw new IllegalArgumentException("fragment offset must be a multiple of 8");
        }
        if (fragmentOffset < 0 || fragmentOffset > MAX_FRAGMENT_OFFSET) {
            // the field has 13 bits of 8-byte units; a larger value would spill into the flags
            throw new IllegalArgumentException("fragment offset " + fragmentOffset + " outside 0-" + MAX_FRAGMENT_OFFSET);
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length " + payloadLength);
        }
    }

    /** A plain unfragmented header. */
    public static Ipv4Repr of(int src, int dst, int protocol, int ttl, int id, boolean df, int payloadLength) {
        return new Ipv4Repr(src, dst, protocol, ttl, 0, id, df, false, 0, payloadLength, NO_OPTIONS);
    }

    public int headerLength() {
        return Ipv4Packet.MIN_HEADER + ((options.length + 3) & ~3);
    }

    public int totalLength() {
        return headerLength() + payloadLength;
    }

    /**
     * Parses the header of the datagram at {@code off} of {@code b} ({@code len} bytes received)
     * that {@link Ipv4Packet#check} accepts, or throws with the reason it gives.
     */
    public static Ipv4Repr parse(byte[] b, int off, int len) throws MalformedPacketException {
        String bad = Ipv4Packet.check(b, off, len);
        if (bad != null) {
            throw new MalformedPacketException(bad);
        }
        int ihl = Ipv4Packet.headerLength(b, off);
        byte[] opts = ihl == Ipv4Packet.MIN_HEADER ? NO_OPTIONS
                : Arrays.copyOfRange(b, off + Ipv4Packet.MIN_HEADER, off + ihl);
        return new Ipv4Repr(Ipv4Packet.src(b, off), Ipv4Packet.dst(b, off), Ipv4Packet.protocol(b, off),
                Ipv4Packet.ttl(b, off), Ipv4Packet.tos(b, off), Ipv4Packet.identification(b, off),
                Ipv4Packet.dontFragment(b, off), Ipv4Packet.moreFragments(b, off), Ipv4Packet.fragmentOffset(b, off),
                Ipv4Packet.payloadLength(b, off), opts);
    }

    /** Writes the header at {@code b[off..off + headerLength())}, checksum included. */
    public void emit(byte[] b, int off) {
        int ihl = headerLength();
        int total = totalLength();
        if (total > 0xffff) {
            throw new IllegalArgumentException("IPv4 total length " + total + " exceeds 65535");
        }
        b[off] = (byte) (0x40 | (ihl / 4));
        b[off + 1] = (byte) tos;
        put16(b, off + 2, total);
        put16(b, off + 4, identification);
        int flags = (dontFragment ? Ipv4Packet.FLAG_DF : 0) | (moreFragments ? Ipv4Packet.FLAG_MF : 0);
        put16(b, off + 6, flags | (fragmentOffset / 8));
        b[off + 8] = (byte) ttl;
        b[off + 9] = (byte) protocol;
        put16(b, off + 10, 0);
        put32(b, off + 12, src);
        put32(b, off + 16, dst);
        System.arraycopy(options, 0, b, off + Ipv4Packet.MIN_HEADER, options.length);
        for (int i = off + Ipv4Packet.MIN_HEADER + options.length; i < off + ihl; i++) {
            b[i] = 0; // end-of-option-list padding
        }
        put16(b, off + 10, Checksum.compute(b, off, ihl));
    }

    /** Allocates a datagram with this header and a copy of {@code payload}. */
    public byte[] build(byte[] payload) {
        if (payload.length != payloadLength) {
            throw new IllegalArgumentException("payload is " + payload.length + " bytes, header says " + payloadLength);
        }
        byte[] b = new byte[totalLength()];
        emit(b, 0);
        System.arraycopy(payload, 0, b, headerLength(), payload.length);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ipv4Repr r && r.src == src && r.dst == dst && r.protocol == protocol && r.ttl == ttl
                && r.tos == tos && r.identification == identification && r.dontFragment == dontFragment
                && r.moreFragments == moreFragments && r.fragmentOffset == fragmentOffset
                && r.payloadLength == payloadLength && Arrays.equals(r.options, options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(src, dst, protocol, ttl, identification, payloadLength);
    }
}
