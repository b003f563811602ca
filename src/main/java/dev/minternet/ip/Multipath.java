package dev.minternet.ip;

import dev.minternet.wire.BigEndian;
import dev.minternet.wire.Ipv4Packet;
import java.util.SplittableRandom;

/**
 * How a router spreads datagrams over equal-cost routes to one prefix (ECMP). Per flow, a keyed
 * hash of the 5-tuple picks the route, so a flow stays on one path (Linux with
 * {@code net.ipv4.fib_multipath_hash_policy=1}; the key is drawn from the seed as Linux draws its
 * hash key at boot). Per packet, each datagram draws a route, so a flow's segments take different
 * paths and may arrive out of order.
 */
public interface Multipath {
    /** Which of {@code n} equal routes (0..n-1) {@code datagram} takes. */
    int choose(byte[] datagram, int n);

    /** The 5-tuple hash (addresses, protocol, and ports for an unfragmented TCP or UDP datagram). */
    static Multipath perFlow(long key) {
        return (d, n) -> {
            long h = key;
            h = mix(h ^ Integer.toUnsignedLong(Ipv4Packet.src(d, 0)));
            h = mix(h ^ Integer.toUnsignedLong(Ipv4Packet.dst(d, 0)));
            int proto = Ipv4Packet.protocol(d, 0);
            h = mix(h ^ proto);
            int hl = Ipv4Packet.headerLength(d, 0);
            boolean ports = (proto == Ipv4Packet.PROTO_TCP || proto == Ipv4Packet.PROTO_UDP)
                    && Ipv4Packet.fragmentOffset(d, 0) == 0 && d.length >= hl + 4;
            if (ports) {
                h = mix(h ^ Integer.toUnsignedLong(BigEndian.u32(d, hl)));
            }
            return (int) Long.remainderUnsigned(h, n);
        };
    }

    /** Spraying: every datagram draws its route from {@code random} (a seeded stream). */
    static Multipath perPacket(SplittableRandom random) {
        return (d, n) -> random.nextInt(n);
    }

    /** SplitMix64's finalizer: every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
