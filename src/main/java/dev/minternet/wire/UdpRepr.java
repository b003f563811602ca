package dev.minternet.wire;

import java.util.Arrays;

/**
 * The parsed form of a UDP datagram (RFC 768): ports and payload. {@link #parse} verifies and
 * copies a received datagram out of the IP layer's bytes; {@link #emit} writes one for sending.
 */
public record UdpRepr(int srcPort, int dstPort, byte[] payload) {

    /**
     * Parses and verifies the UDP datagram carried by an IPv4 datagram {@code ip}. The IPv4 header
     * is checked first ({@link Ipv4Packet#check}): its lengths bound every read below.
     */
    public static UdpRepr parse(byte[] ip) throws MalformedPacketException {
        String badIp = Ipv4Packet.check(ip, 0, ip.length);
        if (badIp != null) {
            throw new MalformedPacketException(badIp);
        }
        return parse(ip, Ipv4Packet.payloadOffset(ip, 0), Ipv4Packet.payloadLength(ip, 0),
                Ipv4Packet.src(ip, 0), Ipv4Packet.dst(ip, 0));
    }

    /**
     * Parses and verifies the UDP datagram at {@code off} of {@code b}, in an IP payload of
     * {@code len} bytes from {@code src} to {@code dst} (the pseudo-header's addresses).
     */
    public static UdpRepr parse(byte[] b, int off, int len, int src, int dst) throws MalformedPacketException {
        String bad = UdpPacket.check(b, off, len, src, dst);
        if (bad != null) {
            throw new MalformedPacketException(bad);
        }
        return new UdpRepr(UdpPacket.srcPort(b, off), UdpPacket.dstPort(b, off),
                Arrays.copyOfRange(b, off + UdpPacket.HEADER, off + UdpPacket.length(b, off)));
    }

    public int length() {
        return UdpPacket.HEADER + payload.length;
    }

    /** Writes header and payload at {@code off}, checksummed for {@code src -> dst}. */
    public void emit(byte[] b, int off, int src, int dst) {
        System.arraycopy(payload, 0, b, off + UdpPacket.HEADER, payload.length);
        UdpPacket.emit(b, off, src, dst, srcPort, dstPort, payload.length);
    }

    /** Builds the whole IPv4 datagram carrying this UDP datagram. */
    public byte[] toDatagram(int src, int dst, int ttl, int id, boolean df) {
        Ipv4Repr ip = Ipv4Repr.of(src, dst, Ipv4Packet.PROTO_UDP, ttl, id, df, length());
        byte[] b = new byte[ip.totalLength()];
        ip.emit(b, 0);
        emit(b, ip.headerLength(), src, dst);
        return b;
    }
    @Override
    public boolean equals(Object o) {
        return o instanceof UdpRepr r && r.srcPort == srcPort && r.dstPort == dstPort && Arrays.equals(r.payload, payload);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * srcPort + dstPort) + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
        return "UdpRepr[" + srcPort + " > " + dstPort + ", " + payload.length + " bytes]";
    }
}
