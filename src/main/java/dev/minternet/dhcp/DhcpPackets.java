package dev.minternet.dhcp;

import dev.minternet.ip.IpStack;
import dev.minternet.ip.NetInterface;
import dev.minternet.trace.EventType;
import dev.minternet.trace.Trace;
import dev.minternet.wire.DhcpMessage;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Mac;
import dev.minternet.wire.MalformedPacketException;
import dev.minternet.wire.UdpPacket;
import dev.minternet.wire.UdpRepr;
import java.util.StringJoiner;

/** What the client and the server share: a DHCP message in a UDP datagram in IPv4, in and out, and its trace. */
final class DhcpPackets {
    /** dhclient and dhcpd send their raw IPv4 headers with TTL 64 and DF clear. */
    static final int TTL = 64;

    private DhcpPackets() {
    }

    /** A message read off a frame, with the datagram's addresses. */
    record In(DhcpMessage msg, int src, int dst) {
    }

    /**
     * The DHCP message in IPv4 frame {@code f} if it is UDP to {@code port} with a valid checksum;
     * null when it is not one (the frame is left to the IP layer); throws when it is one but malformed.
     */
    static In read(byte[] f, int port) throws MalformedPacketException {
        int off = EthernetFrame.HEADER;
        int len = f.length - off;
        if (len < Ipv4Packet.MIN_HEADER || Ipv4Packet.check(f, off, len) != null
                || Ipv4Packet.protocol(f, off) != Ipv4Packet.PROTO_UDP || Ipv4Packet.isFragment(f, off)) {
            return null;
        }
        int u = off + Ipv4Packet.headerLength(f, off);
        int ulen = Ipv4Packet.totalLength(f, off) - Ipv4Packet.headerLength(f, off);
        if (ulen < UdpPacket.HEADER || UdpPacket.dstPort(f, u) != port) {
            return null;
        }
        int src = Ipv4Packet.src(f, off);
        int dst = Ipv4Packet.dst(f, off);
        UdpRepr udp = UdpRepr.parse(f, u, ulen, src, dst);
        return new In(DhcpMessage.parse(udp.payload(), 0, udp.payload().length), src, dst);
    }

    /** The IPv4 datagram carrying {@code m} from {@code src}:{@code srcPort} to {@code dst}:{@code dstPort}. */
    static byte[] datagram(IpStack ip, DhcpMessage m, int src, int srcPort, int dst, int dstPort) {
        return new UdpRepr(srcPort, dstPort, m.emit()).toDatagram(src, dst, TTL, ip.nextIdentification(), false);
    }

    static void trace(IpStack ip, EventType type, NetInterface nic, DhcpMessage m, int src, int dst) {
        Trace t = ip.trace();
        if (t.enabled()) {
            StringJoiner codes = new StringJoiner(",");
            for (int c : m.codes()) {
                codes.add(Integer.toString(c));
            }
            t.emit(ip.nodeName(), type, nic.name(), DhcpMessage.typeName(m.type()), xid(m.xid), (long) m.secs,
                    Ip4.str(m.ciaddr), Ip4.str(m.yiaddr), Mac.str(m.chaddr), Ip4.str(src), Ip4.str(dst), codes.toString());
        }
    }

    static String xid(int xid) {
        return String.format("0x%08x", xid);
    }

    /** Option 61 as RFC 2132 9.14 suggests for Ethernet: type 1 then the MAC address. */
    static byte[] clientId(long mac) {
        byte[] b = new byte[7];
        b[0] = 1;
        Mac.write(b, 1, mac);
        return b;
    }

    /** The prefix length of a contiguous netmask, or -1. */
    static int prefixOf(int mask) {
        int len = Integer.bitCount(mask);
        return Ip4.mask(len) == mask ? len : -1;
    }
}
