package dev.minternet.link;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.EthernetFrame;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;

/** The addresses a link's drop trace names, read from a dropped datagram or frame (split out of {@link Channel}). */
final class DropFields {
    private DropFields() {
    }

    static String ipSrc(byte[] d, int o) {
        if (isIpv6(d, o)) {
            return dev.minternet.wire.Ipv6Packet.src(d, o).toString();
        }
        return d.length >= o + 20 ? Ip4.str(Ipv4Packet.src(d, o)) : "?";
    }

    static String ipDst(byte[] d, int o) {
        if (isIpv6(d, o)) {
            return dev.minternet.wire.Ipv6Packet.dst(d, o).toString();
        }
        return d.length >= o + 20 ? Ip4.str(Ipv4Packet.dst(d, o)) : "?";
    }

    /** An IPv6 header at {@code o} (a raw link carries both versions; the first nibble tells them apart). */
    private static boolean isIpv6(byte[] d, int o) {
        return d.length >= o + dev.minternet.wire.Ipv6Packet.HEADER && (d[o] & 0xf0) == 0x60;
    }

    /** Where the IPv4 header of an Ethernet frame starts (after an 802.1Q tag too), or -1 if it carries none. */
    static int ipOffset(byte[] f) {
        if (f.length < EthernetFrame.HEADER) {
            return -1;
        }
        int t = EthernetFrame.type(f);
        if (t == EthernetFrame.TYPE_VLAN && f.length >= EthernetFrame.HEADER + EthernetFrame.TAG) {
            return BigEndian.u16(f, 16) == EthernetFrame.TYPE_IPV4 ? EthernetFrame.HEADER + EthernetFrame.TAG : -1;
        }
        return t == EthernetFrame.TYPE_IPV4 ? EthernetFrame.HEADER : -1;
    }
}
