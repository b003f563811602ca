package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.Arrays;

/**
 * The prefixes, AS paths and attribute sets the paths of one world's routers hold, each distinct value once
 * (FRR interns them per bgpd; a simulation can share them across every router, since they are
 * immutable values). In a generated internet each AS announces one prefix, so a path's attributes
 * as a whole are nearly all distinct (the AS path ends at the prefix's AS, the next hop is the
 * session's), but their parts are not: at 300 ASes the 295,466 paths held 20,324 distinct AS paths
 * and 4,459 distinct sets of the other attributes. A path therefore holds the two parts
 * ({@link BgpSpeaker.Path}), each interned here. Nothing compares them by identity: what goes on
 * the wire is the same.
 */
final class AttrTable {
    /**
     * Each prefix's number: 0, 1, 2, ... in the order the world's routers first held them. An
     * open-addressing table of longs, each slot the prefix and its number at once (network in the
     * high 32 bits, length in the next 6, number + 1 in the low 26; 0: empty), probed from a
     * multiplicative hash of the whole prefix: the Loc-RIBs and Adj-RIB-Outs look a prefix up for
     * nearly every step of an UPDATE's handling, and a {@code ConcurrentHashMap} keyed by the
     * records (whose hash is their fields' sum, 31 x network + length, alike in the low bits for
     * every /24) spent a tenth of {@code bench internet}'s CPU comparing prefixes in crowded bins.
     * Written under the lock, one slot at a time (released); read without it (acquired), so a
     * reader sees a slot whole or empty, and a new table only once it is full.
     */
    private volatile long[] slots = new long[64];
    private volatile int count;
    private static final java.lang.invoke.VarHandle SLOT = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);
    private static final int NUMBER_BITS = 26;
    /** The shared copy of each prefix, by number (written under the lock, read through {@link #prefix} and {@link #prefixAt}). */
    private volatile Prefix[] byNumber = new Prefix[16];
    private final Interner<int[]> paths = new Interner<>(Arrays::hashCode, Arrays::equals, 1 << 14);
    private final Interner<Attrs> rests = new Interner<>(AttrTable::hash, Attrs::equals);

    /** The shared copy of a prefix (the Loc-RIBs' keys; never dropped: a world announces few). */
    synchronized Prefix prefix(Prefix p) {
        int n = register(p); // first: it may grow the array
        return byNumber[n];
    }

    /** The shared copy of the prefix numbered {@code n} (a number {@link #register} gave). */
    Prefix prefixAt(int n) {
        return byNumber[n];
    }

    /**
     * The prefix's number in this world, or -1 if no router has held it yet. The Loc-RIBs and
     * Adj-RIB-Outs are arrays indexed by it ({@link LocRib}, {@link AdjRibOut}); the numbers
     * depend on the order of arrival, so nothing walks those arrays in their order to an output.
     */
    int number(Prefix p) {
        return lookup(slots, p.network(), p.length());
    }

    /** The prefix's number, given one if it has none. */
    synchronized int register(Prefix p) {
        int n = lookup(slots, p.network(), p.length());
        if (n >= 0) {
            return n;
        }
        int k = count;
        if (k >= (1 << NUMBER_BITS) - 1) {
            throw new IllegalStateException("more than " + ((1 << NUMBER_BITS) - 2) + " prefixes");
        }
        Prefix[] by = byNumber;
        if (k == by.length) {
            by = Arrays.copyOf(by, k * 2);
        }
        by[k] = p;
        byNumber = by; // published after the write: a reader with the number sees the prefix
        long[] t = slots;
        if ((k + 1) * 2 > t.length) {
            long[] g = new long[t.length * 2];
            for (long e : t) {
                if (e != 0) {
                    g[free(g, (int) (e >>> 32), (int) (e >>> NUMBER_BITS) & 0x3F)] = e;
                }
            }
            slots = g; // whole before it is published
            t = g;
        }
        SLOT.setRelease(t, free(t, p.network(), p.length()), (long) p.network() << 32 | (long) p.length() << NUMBER_BITS | (k + 1));
        count = k + 1;
        return k;
    }

    private static int home(long[] t, int network, int length) {
        long h = ((long) network << 6 | length) * 0x9E3779B97F4A7C15L;
        return (int) (h >>> (64 - Integer.numberOfTrailingZeros(t.length)));
    }

    private static int lookup(long[] t, int network, int length) {
        long key = (long) network << 32 | (long) length << NUMBER_BITS;
        int mask = t.length - 1;
        for (int i = home(t, network, length);; i = (i + 1) & mask) {
            long e = (long) SLOT.getAcquire(t, i);
            if (e == 0) {
                return -1;
            }
            if ((e & ~((1L << NUMBER_BITS) - 1)) == key) {
                return (int) (e & ((1L << NUMBER_BITS) - 1)) - 1;
            }
        }
    }

    private static int free(long[] t, int network, int length) {
        int mask = t.length - 1;
        int i = home(t, network, length);
        while (t[i] != 0) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * Every number in the order of their prefixes ({@code order}), and each number's place in it
     * ({@code rank}, indexed by number); made again, both at once, only after a prefix got a number.
     */
    record Sorted(int[] order, int[] rank) {
    }

    private volatile Sorted sorted = new Sorted(new int[0], new int[0]);

    /**
     * The numbers of the world's prefixes in prefix order (shared: never changed): the Loc-RIBs
     * walk it to list their entries in prefix order ({@link LocRib#inOrder}) instead of each
     * keeping a sorted array of its own.
     */
    int[] order() {
        return sorted().order();
    }

    /** The prefix order and each number's place in it, of the same moment ({@link Pending} sorts by the place). */
    Sorted sorted() {
        Sorted o = sorted;
        if (o.order().length == count) {
            return o;
        }
        synchronized (this) {
            int k = count;
            if (sorted.order().length != k) {
                Prefix[] ps = Arrays.copyOf(byNumber, k);
                Arrays.sort(ps);
                int[] n = new int[k];
                int[] rank = new int[k];
                for (int i = 0; i < k; i++) {
                    n[i] = number(ps[i]);
                    rank[n[i]] = i;
                }
                sorted = new Sorted(n, rank);
            }
            return sorted;
        }
    }

    /** How many prefixes have a number (an array indexed by number needs this many slots). */
    int prefixes() {
        return count;
    }

    /** The shared copy of an AS path. */
    int[] asPath(int[] path) {
        return path.length == 0 ? Attrs.NONE : paths.intern(path);
    }

    /** The shared copy of {@code a}'s attributes other than AS_PATH (an {@code Attrs} with an empty AS path). */
    Attrs rest(Attrs a) {
        Attrs r = a.asPath().length == 0 ? a : new Attrs(a.origin(), Attrs.NONE, a.nextHop(), a.med(), a.localPref(),
                a.communities(), a.originatorId(), a.clusterList());
        return rests.intern(r);
    }

    /** Distinct AS paths and attribute sets held (for tests and measurements). */
    int[] sizes() {
        return new int[] {paths.size(), rests.size()};
    }

    private static int hash(Attrs a) {
        int h = a.nextHop();
        h = h * 31 + Long.hashCode(a.localPref());
        h = h * 31 + Long.hashCode(a.med());
        h = h * 31 + a.origin();
        h = h * 31 + Arrays.hashCode(a.communities());
        h = h * 31 + a.originatorId();
        return h * 31 + Arrays.hashCode(a.clusterList());
    }
}
