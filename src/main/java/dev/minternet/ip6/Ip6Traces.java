package dev.minternet.ip6;

import dev.minternet.trace.Trace;
import dev.minternet.wire.Ipv6Packet;

/** The IPv6 layer's send and drop trace events, with their fields read from the datagram. */
final class Ip6Traces {
    private Ip6Traces() {
    }

    /** {@link Ip6Events#SEND} of {@code d} on {@code out} (null: lo). */
    static void send(Trace trace, String node, byte[] d, Ip6Interface out) {
        if (trace.enabled()) {
            trace.emit(node, Ip6Events.SEND, Ipv6Packet.src(d, 0).toString(), Ipv6Packet.dst(d, 0).toString(),
                    Ip6Names.next(Ipv6Packet.nextHeader(d, 0)), Ip6Names.type(d), (long) d.length, (long) Ipv6Packet.hopLimit(d, 0),
                    out == null ? "lo" : out.name());
        }
    }

    /** {@link Ip6Events#DROP} of {@code d} (arrived on {@code in}, or null) for {@code reason}. */
    static void drop(Trace trace, String node, String reason, byte[] d, Ip6Interface in) {
        if (trace.enabled()) {
            boolean hdr = d.length >= Ipv6Packet.HEADER;
            trace.emit(node, Ip6Events.DROP, reason, hdr ? Ipv6Packet.src(d, 0).toString() : "-",
                    hdr ? Ipv6Packet.dst(d, 0).toString() : "-", (long) d.length, in == null ? "-" : in.name());
        }
    }
}
