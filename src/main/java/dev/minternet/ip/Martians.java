package dev.minternet.ip;

import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ipv4Packet;
import java.util.Arrays;

/**
 * Datagrams no interface may receive: a source or destination in 127.0.0.0/8, which RFC 1122
 * (3.2.1.3) says must never appear outside a host. Linux drops them on arrival as martians
 * (ip_route_input_slow, with route_localnet off, its default), without an ICMP error.
 */
final class Martians {
    private Martians() {
    }

    /** Drops (counts and traces) the datagram at {@code off} of {@code b} arrived on {@code in} if it is a martian. */
    static boolean dropped(IpStack ip, byte[] b, int off, NetInterface in) {
        if (!Ip4.isLoopback(Ipv4Packet.dst(b, off)) && !Ip4.isLoopback(Ipv4Packet.src(b, off))) {
            return false;
        }
        ip.counters().errors().inAddrErrors++;
        if (ip.trace().enabled()) {
            ip.traceDrop(Arrays.copyOfRange(b, off, off + Ipv4Packet.totalLength(b, off)), "martian", in);
        }
        return true;
    }
}
