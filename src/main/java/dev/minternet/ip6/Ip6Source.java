package dev.minternet.ip6;

import dev.minternet.wire.Ip6;
import java.util.List;

/** Source address selection for IPv6 datagrams (a subset of RFC 6724), for {@link Ip6Stack}. */
final class Ip6Source {
    private Ip6Source() {
    }

    /**
     * Source address selection (a subset of RFC 6724): to a link-local or multicast destination,
     * the interface's link-local address; else a preferred global address of the interface,
     * the one sharing the longest prefix with {@code dst}; never a tentative one.
     */
    static Ip6 on(Ip6Stack stack, Ip6Interface i, Ip6 dst) {
        if (stack.isLocal(dst) && i.address(dst) != null && i.address(dst).usable()) {
            return dst;
        }
        if (dst.isLinkLocal() || dst.isMulticast()) {
            return i.linkLocal();
        }
        Ip6 best = null;
        int bestLen = -1;
        for (Ip6Interface.Address a : i.addresses()) {
            if (!a.usable() || a.linkLocal()) {
                continue;
            }
            int common = commonPrefix(a.address(), dst);
            if (common > bestLen) {
                best = a.address();
                bestLen = common;
            }
        }
        return best != null ? best : i.linkLocal();
    }

    /**
     * The source of a datagram to {@code dst} leaving by {@code i}: {@link #on}, except that
     * a global destination reached by an interface with only its link-local address (an unnumbered
     * link) gets a preferred global address of another interface, the one sharing the longest
     * prefix with {@code dst} (RFC 6724 rule 2, appropriate scope, before rule 5, outgoing interface).
     */
    static Ip6 select(Ip6Stack stack, List<Ip6Interface> ifaces, Ip6Interface i, Ip6 dst) {
        Ip6 s = on(stack, i, dst);
        if (s == null || !s.isLinkLocal() || dst.isLinkLocal() || dst.isMulticast()) {
            return s;
        }
        Ip6 best = null;
        int bestLen = -1;
        for (Ip6Interface o : ifaces) {
            for (Ip6Interface.Address a : o.addresses()) {
                if (a.usable() && !a.linkLocal() && commonPrefix(a.address(), dst) > bestLen) {
                    best = a.address();
                    bestLen = commonPrefix(a.address(), dst);
                }
            }
        }
        return best != null ? best : s;
    }

    private static int commonPrefix(Ip6 a, Ip6 b) {
        long x = a.hi() ^ b.hi();
        return x != 0 ? Long.numberOfLeadingZeros(x) : 64 + Long.numberOfLeadingZeros(a.lo() ^ b.lo());
    }

    /** A 64-bit interface identifier that is none of RFC 5453's reserved ones (all zeros, fdff:ffff:ffff:ff80-ffff). */
    static long stableIid(java.util.SplittableRandom random) {
        long iid;
        do {
            iid = random.nextLong();
        } while (iid == 0 || (iid & 0xffff_ffff_ffff_ff80L) == 0xfdff_ffff_ffff_ff80L);
        return iid;
    }
}
