package dev.minternet.ip;

import dev.minternet.sim.Durations;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's path MTUs learnt from ICMP "fragmentation needed" (RFC 1191 section 3), one per
 * destination, as Linux keeps them in route exceptions ({@code ip route get} shows them as
 * {@code cache expires 596sec mtu 576}). An entry lives {@link #EXPIRES_NS} (net.ipv4.route.mtu_expires,
 * 600 s), then the route's own MTU applies again (RFC 1191 section 6.3). An MTU below
 * {@link #MIN_PMTU} (net.ipv4.route.min_pmtu) is raised to it and the entry is locked: datagrams
 * then leave without DF so that routers fragment them, as Linux does.
 *
 * <p>Bounded: beyond {@link #MAX_ENTRIES} destinations the oldest entry is forgotten (Linux
 * reclaims the oldest exception of a hash bucket), so a flood of forged errors cannot grow it.
 */
public final class PathMtuCache {
    /** net.ipv4.route.mtu_expires: 10 minutes. */
    public static final long EXPIRES_NS = 600 * Durations.S;
    /** net.ipv4.route.min_pmtu: 512 + 20 + 20. */
    public static final int MIN_PMTU = 552;
    static final int MAX_ENTRIES = 4096;

    /** One learnt path MTU. */
    public record Entry(int mtu, long expiresAt, boolean locked) {
    }

    /** Created with the first entry: most nodes never learn a path MTU. */
    private Map<Integer, Entry> entries;

    /**
     * Records that the path to {@code dst} takes at most {@code reported} bytes when the node would
     * send {@code current} now, following Linux's __ip_rt_update_pmtu: a larger report or a locked
     * entry changes nothing; a report below {@link #MIN_PMTU} (0 from an old router, RFC 1191
     * section 5) locks the entry at min_pmtu. Returns whether an entry was written.
     */
    boolean learn(int dst, int reported, int current, long now) {
        Entry old = get(dst, now);
        if (old != null && old.locked() || reported > current) {
            return false;
        }
        boolean locked = reported < MIN_PMTU;
        int mtu = locked ? Math.min(current, MIN_PMTU) : reported;
        if (old != null && old.mtu() == mtu && !locked && now < old.expiresAt() - EXPIRES_NS / 2) {
            return false;
        }
        if (entries == null) {
            entries = new LinkedHashMap<>();
        }
        entries.remove(dst);
        if (entries.size() >= MAX_ENTRIES) {
            Iterator<Integer> oldest = entries.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        entries.put(dst, new Entry(mtu, now + EXPIRES_NS, locked));
        return true;
    }

    /** The live entry for {@code dst}, or null (an expired entry is dropped on the way). */
    public Entry get(int dst, long now) {
        if (entries == null) {
            return null;
        }
        Entry e = entries.get(dst);
        if (e != null && now >= e.expiresAt) {
            entries.remove(dst);
            return null;
        }
        return e;
    }

    /** Live entries in the order they were learnt, for {@code ip route show cache}. */
    public Map<Integer, Entry> live(long now) {
        if (entries == null) {
            return Map.of();
        }
        entries.values().removeIf(e -> now >= e.expiresAt);
        return Collections.unmodifiableMap(entries);
    }
}
