package dev.minternet.wire;

import java.util.Arrays;

/** The parsed form of a UDP datagram: ports and payload. */
public record UdpRepr(int srcPort, int dstPort, byte[] payload) {

    /**
     * Parses and verifies the UDP datagram carried by an IPv4 datagram {@code ip}. The IPv4 header
     * is checked first ({@link Ipv4Packet#check}): its lengths bound every read below.
     */
    public static UdpRepr parse(byte[] ip) throws MalformedPacketException {
        String badIp = Ipv4Packet.check(ip);
        if (badIp != null) {
            throw new MalformedPacketException(badIp);
        }
        int off = Ipv4Packet.headerLength(ip);
        int len = Ipv4Packet.payloadLength(ip);
        String bad = UdpPacket.check(ip, off, len, Ipv4Packet.src(ip), Ipv4Packet.dst(ip));
        if (bad != null) {
            throw new MalformedPacketException(bad);
        }
        int l = UdpPacket.length(ip, off);
        return new UdpRepr(UdpPacket.srcPort(ip, off), UdpPacket.dstPort(ip, off),
                Arrays.copyOfRange(ip, off + UdpPacket.HEADER, off + l));
    }

    public int length() {
        return UdpPacket.HEADER + payload.length;
    }

    /** Builds the whole IPv4 datagram carrying this UDP datagram. */
    public byte[] toDatagram(int src, int dst, int ttl, int id, boolean df) {
        Ipv4Repr ip = Ipv4Repr.of(src, dst, Ipv4Packet.PROTO_UDP, ttl, id, df, length());
        byte[] b = new byte[ip.totalLength()];
        ip.emit(b);
        int off = ip.headerLength();
        System.arraycopy(payload, 0, b, off + UdpPacket.HEADER, payload.length);
        UdpPacket.emit(b, off, src, dst, srcPort, dstPort, payload.length);
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
