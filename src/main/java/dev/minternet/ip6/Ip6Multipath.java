package dev.minternet.ip6;

import dev.minternet.ip.Multipath;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ipv6Packet;

/**
 * How an IPv6 router spreads flows over the next hops of a multipath route, as Linux does with
 * {@code net.ipv6.fib_multipath_hash_policy=0} (its default): the hash covers the source and
 * destination addresses, the flow label and the next header of the IPv6 header
 * ({@code ip6_multipath_l3_keys}); for an ICMPv6 error (destination unreachable, packet too big,
 * time exceeded, parameter problem) those of the datagram it quotes, so that the error follows the
 * flow it is about. Ports are not part of it: two TCP connections between the same addresses with
 * the same flow label take the same path. The key is drawn from the seed, as Linux keys its flow
 * hash at boot; the kernel's siphash is not reproduced, so which flow takes which path differs
 * from a real router's while the spread and the stability do not.
 *
 * <p>The path is chosen by hash-threshold (RFC 2992), as {@code fib6_select_path} does: the 31-bit
 * hash falls in one of the regions the live next hops divide {@code [0, 2^31)} into, region k
 * ending at {@code round(k * 2^31 / n) - 1} ({@code rt6_upper_bound_set}, every weight 1).
 */
public final class Ip6Multipath {
    private Ip6Multipath() {
    }

    /** Linux's hash policy 0 for IPv6 with key {@code key}, choosing by hash-threshold. */
    public static Multipath perFlow(long key) {
        return (d, n) -> threshold(hash(d, key), n);
    }

    /** The 31-bit flow hash of IPv6 datagram {@code d} (rt6_multipath_hash: the flow hash shifted right by one). */
    public static int hash(byte[] d, long key) {
        int at = 0;
        if (Ipv6Packet.nextHeader(d, 0) == Ipv6Packet.NEXT_ICMPV6 && d.length >= 2 * Ipv6Packet.HEADER + 8
                && isError(Icmpv6Packet.type(d, Ipv6Packet.HEADER))) {
            at = Ipv6Packet.HEADER + 8; // the quoted datagram's header, after the ICMPv6 header
        }
        long h = key;
        for (int i = 8; i < 40; i += 8) {
            h = mix(h ^ u64(d, at + i));
        }
        h = mix(h ^ Ipv6Packet.flowLabel(d, at));
        h = mix(h ^ Ipv6Packet.nextHeader(d, at));
        return (int) (h >>> 33);
    }

    /** Which of {@code n} equal next hops (0..n-1) the 31-bit {@code hash} selects: the first whose upper bound it does not exceed. */
    public static int threshold(int hash, int n) {
        for (int k = 1; k < n; k++) {
            long upper = ((long) k << 31) / n + (((long) k << 31) % n * 2 >= n ? 1 : 0) - 1; // DIV_ROUND_CLOSEST_ULL - 1
            if (hash <= upper) {
                return k - 1;
            }
        }
        return n - 1;
    }

    /** icmpv6_is_err: the four error types whose quoted datagram keys the hash. */
    private static boolean isError(int type) {
        return type == Icmpv6Packet.DEST_UNREACHABLE || type == Icmpv6Packet.PACKET_TOO_BIG
                || type == Icmpv6Packet.TIME_EXCEEDED || type == Icmpv6Packet.PARAMETER_PROBLEM;
    }

    private static long u64(byte[] d, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = v << 8 | (d[off + i] & 0xff);
        }
        return v;
    }

    /** SplitMix64's finalizer (as the IPv4 hash uses): every input bit moves every output bit. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
