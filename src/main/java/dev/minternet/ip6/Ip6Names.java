package dev.minternet.ip6;

import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ipv6Packet;

/** The names IPv6's trace events give a datagram's next header and ICMPv6 type. */
public final class Ip6Names {
    private Ip6Names() {
    }

    /** "icmp6", "tcp", "udp", "ospf", "frag" (a Fragment header) or the number. */
    public static String next(int next) {
        return switch (next) {
            case Ipv6Packet.NEXT_ICMPV6 -> "icmp6";
            case Ipv6Packet.NEXT_TCP -> "tcp";
            case Ipv6Packet.NEXT_UDP -> "udp";
            case 89 -> "ospf";
            case 44 -> "frag";
            default -> Integer.toString(next);
        };
    }

    /** The ICMPv6 type of datagram {@code d}, or "-" for another next header. */
    public static String type(byte[] d) {
        if (Ipv6Packet.nextHeader(d, 0) != Ipv6Packet.NEXT_ICMPV6 || d.length < Ipv6Packet.HEADER + 1) {
            return "-";
        }
        return Icmpv6Packet.describe(Icmpv6Packet.type(d, Ipv6Packet.HEADER));
    }
}
