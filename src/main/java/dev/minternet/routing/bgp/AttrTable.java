package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Attrs;
import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Each prefix's number: 0, 1, 2, ... in the order the world's routers first held them. */
    private final ConcurrentHashMap<Prefix, Integer> numbers = new ConcurrentHashMap<>();
    /** The shared copy of each prefix, by number (written under the lock, read through {@link #prefix} and {@link #prefixAt}). */
    private volatile Prefix[] byNumber = new Prefix[16];
    private final Interner<int[]> paths = new Interner<>(Arrays::hashCode, Arrays::equals);
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
        Integer n = numbers.get(p);
        return n == null ? -1 : n;
    }

    /** The prefix's number, given one if it has none. */
    synchronized int register(Prefix p) {
        Integer n = numbers.get(p);
        if (n != null) {
            return n;
        }
        int k = numbers.size();
        Prefix[] by = byNumber;
        if (k == by.length) {
            by = Arrays.copyOf(by, k * 2);
        }
        by[k] = p;
        byNumber = by; // published after the write: a reader with the number sees the prefix
        numbers.put(p, k);
        return k;
    }

    /** Every number, in the order of their prefixes; made again only after a prefix got a number. */
    private volatile int[] order = new int[0];

    /**
     * The numbers of the world's prefixes in prefix order (shared: never changed): the Loc-RIBs
     * walk it to list their entries in prefix order ({@link LocRib#inOrder}) instead of each
     * keeping a sorted array of its own.
     */
    int[] order() {
        int[] o = order;
        if (o.length == numbers.size()) {
            return o;
        }
        synchronized (this) {
            int k = numbers.size();
            if (order.length != k) {
                Prefix[] ps = Arrays.copyOf(byNumber, k);
                Arrays.sort(ps);
                int[] n = new int[k];
                for (int i = 0; i < k; i++) {
                    n[i] = numbers.get(ps[i]);
                }
                order = n;
            }
            return order;
        }
    }

    /** How many prefixes have a number (an array indexed by number needs this many slots). */
    int prefixes() {
        return numbers.size();
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
