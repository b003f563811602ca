package dev.minternet.ip6;

import dev.minternet.wire.Ip6;
import java.util.Map;
import java.util.TreeMap;

/** Path MTUs learnt from Packet Too Big (RFC 8201): destination to {mtu, expiry in ns}. */
final class PathMtus {
    private final Map<Ip6, long[]> mtus = new TreeMap<>();

    /** The path MTU to {@code dst} over a link of {@code linkMtu}: lowered by a learnt MTU still fresh. */
    int mtu(Ip6 dst, int linkMtu, long now) {
        long[] e = mtus.get(dst);
        if (e != null && e[1] <= now) {
            mtus.remove(dst);
            e = null;
        }
        return e == null ? linkMtu : (int) Math.min(linkMtu, e[0]);
    }

    /**
     * Learns {@code mtu} (never below 1280) for {@code dst} when it lowers {@code current} (0: no
     * route, nothing learnt); returns the MTU learnt, or 0.
     */
    long learn(Ip6 dst, long mtu, int current, long now) {
        long m = Math.max(Ip6Stack.MIN_MTU, mtu);
        if (current == 0 || m >= current) {
            return 0;
        }
        mtus.put(dst, new long[] {m, now + Ip6Stack.PMTU_EXPIRES});
        return m;
    }
}
