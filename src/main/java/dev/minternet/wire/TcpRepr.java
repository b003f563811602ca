package dev.minternet.wire;

import java.util.Arrays;

/**
 * The parsed form of a TCP segment (RFC 9293 3.1): header fields, options and a payload slice.
 *
 * <p>A parsed segment's payload is a view of the received datagram ({@code payload} is that
 * datagram's array, nothing is copied); the receiver copies what it keeps. A segment built for
 * sending may leave {@code payload} null: {@link #emit} then expects the payload bytes already
 * in place after the header, so bulk senders write them straight into the datagram.
 *
 * @param flags the eight flag bits, {@link TcpPacket#SYN} and friends
 * @param window the raw 16-bit window field (unscaled)
 */
public record TcpRepr(int srcPort, int dstPort, int seq, int ack, int flags, int window, int urgent,
                      TcpOptions options, byte[] payload, int payloadOffset, int payloadLength) {

    private static final byte[] EMPTY = new byte[0];

    public TcpRepr {
        if (options == null) {
            options = TcpOptions.NONE;
        }
        if (payloadLength < 0) {
            throw new IllegalArgumentException("negative payload length");
        }
        if (payload != null && payloadOffset + payloadLength > payload.length) {
            throw new IllegalArgumentException("payload slice out of bounds");
        }
    }

    /** A segment without payload. */
    public static TcpRepr control(int srcPort, int dstPort, int seq, int ack, int flags, int window, TcpOptions options) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, 0, options, EMPTY, 0, 0);
    }

    /**
     * The reset answering the TCP segment in IPv4 datagram {@code d} from the address and port it
     * was sent to (RFC 9293 3.10.7.1, as for a segment to a closed port): {@code <SEQ=SEG.ACK><CTL=RST>}
     * when it carried an ACK, else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}.
     */
    public static TcpRepr resetFor(byte[] d) {
        int l4 = Ipv4Packet.headerLength(d, 0);
        int flags = TcpPacket.flags(d, l4);
        int sport = TcpPacket.srcPort(d, l4);
        int dport = TcpPacket.dstPort(d, l4);
        if ((flags & TcpPacket.ACK) != 0) {
            return control(dport, sport, TcpPacket.ack(d, l4), 0, TcpPacket.RST, 0, TcpOptions.NONE);
        }
        int segLen = Ipv4Packet.totalLength(d, 0) - l4 - TcpPacket.headerLength(d, l4);
        segLen += (flags & TcpPacket.SYN) != 0 ? 1 : 0;
        segLen += (flags & TcpPacket.FIN) != 0 ? 1 : 0;
        return control(dport, sport, 0, TcpPacket.seq(d, l4) + segLen, TcpPacket.RST | TcpPacket.ACK, 0, TcpOptions.NONE);
    }

    /** A segment whose payload is all of {@code data}. */
    public static TcpRepr withData(int srcPort, int dstPort, int seq, int ack, int flags, int window,
                                   TcpOptions options, byte[] data) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, window, 0, options, data, 0, data.length);
    }

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    public boolean syn() {
        return (flags & TcpPacket.SYN) != 0;
    }

    public boolean fin() {
        return (flags & TcpPacket.FIN) != 0;
    }

    public boolean rst() {
        return (flags & TcpPacket.RST) != 0;
    }

    public boolean ackFlag() {
        return (flags & TcpPacket.ACK) != 0;
    }

    /** SEG.LEN of RFC 9293 3.3.1: payload octets plus one for SYN and one for FIN. */
    public int segmentLength() {
        return payloadLength + (syn() ? 1 : 0) + (fin() ? 1 : 0);
    }

    public int headerLength() {
        return TcpPacket.MIN_HEADER + options.length();
    }

    /** Header, options and payload. */
    public int length() {
        return headerLength() + payloadLength;
    }

    /** A copy of the payload bytes. */
    public byte[] payloadBytes() {
        return payload == null ? new byte[payloadLength] : Arrays.copyOfRange(payload, payloadOffset, payloadOffset + payloadLength);
    }

    /**
     * Parses and verifies the TCP segment carried by IPv4 datagram {@code ip}, which the IP layer
     * has already validated.
     */
    public static TcpRepr parse(byte[] ip) throws MalformedPacketException {
        return parse(ip, Ipv4Packet.payloadOffset(ip, 0), Ipv4Packet.payloadLength(ip, 0), Ipv4Packet.src(ip, 0),
                Ipv4Packet.dst(ip, 0));
    }

    /** Parses and verifies the {@code len}-byte segment at {@code off} of {@code b}. */
    public static TcpRepr parse(byte[] b, int off, int len, int src, int dst) throws MalformedPacketException {
        String bad = TcpPacket.check(b, off, len, src, dst);
        if (bad != null) {
            throw new MalformedPacketException(bad);
        }
        return parseUnchecked(b, off, len);
    }

    /** Parses a segment whose length and checksum were already verified by {@link TcpPacket#check}. */
    public static TcpRepr parseUnchecked(byte[] b, int off, int len) throws MalformedPacketException {
        int hl = TcpPacket.headerLength(b, off);
        TcpOptions opts = TcpOptions.parse(b, off + TcpPacket.MIN_HEADER, hl - TcpPacket.MIN_HEADER);
        return new TcpRepr(TcpPacket.srcPort(b, off), TcpPacket.dstPort(b, off), TcpPacket.seq(b, off),
                TcpPacket.ack(b, off), TcpPacket.flags(b, off), TcpPacket.window(b, off), TcpPacket.urgent(b, off),
                opts, b, off + hl, len - hl);
    }

    /**
     * Writes header, options and (when {@code payload} is not null) the payload at {@code off},
     * then the checksum over the pseudo-header for {@code src -> dst}. Returns the segment length.
     */
    public int emit(byte[] b, int off, int src, int dst) {
        return emit(b, off, src, dst, false);
    }

    /**
     * {@link #emit}, where {@code zeroPayload} says the payload's bytes in {@code b} are already
     * zeros (a new array a bulk sender's zeros were not copied into): zeros add nothing to the one's
     * complement sum, so the checksum is summed over the header alone, with the same result.
     */
    public int emit(byte[] b, int off, int src, int dst, boolean zeroPayload) {
        int hl = headerLength();
        TcpPacket.emitFixed(b, off, srcPort, dstPort, seq, ack, hl, flags, window, urgent);
        options.emit(b, off + TcpPacket.MIN_HEADER);
        if (payload != null && payloadLength > 0) {
            System.arraycopy(payload, payloadOffset, b, off + hl, payloadLength);
        }
        int len = hl + payloadLength;
        TcpPacket.fillChecksum(b, off, len, zeroPayload ? hl : len, src, dst);
        return len;
    }

    /** {@link #emit} with the checksum over the IPv6 pseudo-header (RFC 8200 8.1). */
    public int emit6(byte[] b, int off, Ip6 src, Ip6 dst) {
        int len = emit(b, off, 0, 0);
        TcpPacket.fillChecksum6(b, off, len, src, dst);
        return len;
    }

    /** Builds the whole IPv4 datagram carrying this segment. */
    public byte[] toDatagram(int src, int dst, int ttl, int id, boolean df) {
        Ipv4Repr ip = Ipv4Repr.of(src, dst, Ipv4Packet.PROTO_TCP, ttl, id, df, length());
        byte[] b = new byte[ip.totalLength()];
        ip.emit(b, 0);
        emit(b, ip.headerLength(), src, dst);
        return b;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpRepr r && r.srcPort == srcPort && r.dstPort == dstPort && r.seq == seq && r.ack == ack
                && r.flags == flags && r.window == window && r.urgent == urgent && r.options.equals(options)
                && r.payloadLength == payloadLength && Arrays.equals(r.payloadBytes(), payloadBytes());
    }

    @Override
    public int hashCode() {
        return ((srcPort * 31 + dstPort) * 31 + seq) * 31 + ack;
    }

    @Override
    public String toString() {
        return "TcpRepr[" + srcPort + " > " + dstPort + " " + TcpPacket.flagString(flags)
                + " seq " + Integer.toUnsignedString(seq) + " ack " + Integer.toUnsignedString(ack)
                + " win " + window + " " + options + " len " + payloadLength + "]";
    }
}
