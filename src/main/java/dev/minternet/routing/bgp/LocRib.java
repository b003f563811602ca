package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.Path;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * A speaker's Loc-RIB: its entries by prefix, and in prefix order when iterated (the order the
 * decision process traces its choices in and vtysh prints them in, as the {@code TreeMap} it
 * once was). No object per entry: rows indexed by the world's number for the entry's prefix
 * ({@link AttrTable#number}), one array per field, and a {@link RibEntry} made on demand to read
 * and change one row. 21 bytes a prefix of the world, where a router of a generated internet
 * holds nearly every one: its newest path (4), its other paths (4), which of them it chose (1),
 * its version and deciding step (4) and when its routes were installed (8); the 40-byte entry
 * object and its 4-byte slot took 44, and an entry of two paths (half of them at 1,000 ASes) a
 * 24-byte array more. The prefix order is the world's ({@link AttrTable#order}), one array for every
 * router, walked for the entries this one holds.
 *
 * <p>An entry's paths, newest first (as FRR lists them): in {@link #paths}, {@link #EMPTY} for
 * none, else the newest {@link Path}; in {@link #rest}, nothing for one path (the usual case: at
 * 1,000 ASes about half of the 2.2 million entries have one), the second path itself for two (nearly
 * all the others), or a {@code Path[]} of exactly the second and later for three or more (a new
 * array when a path comes or goes). A null {@link #paths} row is no entry.
 */
final class LocRib {
    private static final Object[] NONE = new Object[0];
    /** The paths of an entry that has none (an entry, not an absent one). */
    private static final Object EMPTY = new Object();
    private static final Path[] NO_PATHS = new Path[0];

    private final AttrTable numbers;
    /** By number: null (no entry), {@link #EMPTY} (no paths), or the newest {@link Path}. */
    private Object[] paths = NONE;
    /** By number: null (one path or none), the second {@link Path} of two, or a {@code Path[]} of the second and later of three or more. */
    private Object[] rest = NONE;
    /**
     * By number: which of the entry's paths the last decision chose ({@link #chosen(int)}): 0 none;
     * {@code i + 1} its path {@code i} alone (the usual case), kept pointing at that path as paths
     * come and go; {@link #OTHER}: the choice is in {@link #others}.
     */
    private byte[] chosen = new byte[0];
    /** A code of {@link #chosen}: the entry's choice is in {@link #others}. */
    private static final int OTHER = 127;
    /**
     * The choices of the entries coded {@link #OTHER}, by number: a {@code List<Path>} of two or
     * more, best first (maximum-paths); or a lone best {@link Path} that has left the entry's
     * paths (until the next decision, which compares the new best with it) or sits past the
     * 126th. Few entries (none without multipath, outside an UPDATE's handling); looked up by
     * number, never iterated.
     */
    private final java.util.HashMap<Integer, Object> others = new java.util.HashMap<>();
    /** By number: the version and deciding step ({@link RibEntry#version}, {@link RibEntry#reason}). */
    private int[] stamps = new int[0];
    /** By number: when the entry's installed routes last changed (simulated ns). */
    private long[] since = new long[0];
    private int size;

    LocRib(AttrTable numbers) {
        this.numbers = numbers;
    }

    int size() {
        return size;
    }

    /** The entry for {@code p}, or null. */
    RibEntry get(Prefix p) {
        int n = numbers.number(p);
        return n < 0 || n >= paths.length || paths[n] == null ? null : new RibEntry(this, n, numbers.prefixAt(n));
    }

    /** Adds an entry, with no paths, for {@code p}, which has none yet; its prefix the world's one copy. */
    RibEntry add(Prefix p) {
        int n = numbers.register(p);
        if (n >= paths.length) {
            int k = Math.max(n + 1, Math.max(numbers.prefixes(), paths.length + (paths.length >> 2)));
            paths = Arrays.copyOf(paths, k);
            rest = Arrays.copyOf(rest, k);
            chosen = Arrays.copyOf(chosen, k);
            stamps = Arrays.copyOf(stamps, k);
            since = Arrays.copyOf(since, k);
        }
        if (paths[n] != null) {
            throw new IllegalStateException("an entry for " + p + " already");
        }
        paths[n] = EMPTY;
        size++;
        return new RibEntry(this, n, numbers.prefixAt(n));
    }

    /** Removes the entry for {@code p}, if any. */
    void remove(Prefix p) {
        int n = numbers.number(p);
        if (n < 0 || n >= paths.length || paths[n] == null) {
            return;
        }
        paths[n] = null;
        rest[n] = null;
        if (chosen[n] == OTHER) {
            others.remove(n);
        }
        chosen[n] = 0;
        stamps[n] = 0;
        since[n] = 0;
        size--;
    }

    /** Removes the entries {@code drop} accepts. */
    void removeIf(Predicate<RibEntry> drop) {
        for (RibEntry e : inOrder()) {
            if (drop.test(e)) {
                remove(e.prefix);
            }
        }
    }

    /**
     * The entries in prefix order: a read-only list whose members stay the prefixes they were
     * when entries come or go afterwards (a later call gives the new set; each member reads its
     * row as it is, and one whose entry was removed must not be used).
     */
    List<RibEntry> inOrder() {
        if (size == 0) {
            return new Ordered(new RibEntry[0]);
        }
        RibEntry[] s = new RibEntry[size];
        Object[] by = paths;
        int k = 0;
        for (int n : numbers.order()) { // every number a row may hold: each entry's prefix has one
            if (n < by.length && by[n] != null) {
                s[k++] = new RibEntry(this, n, numbers.prefixAt(n));
            }
        }
        return new Ordered(s);
    }

    // ---- one row, for RibEntry --------------------------------------------------------------

    private Object row(int n) {
        Object o = paths[n];
        if (o == null) {
            throw new IllegalStateException("no entry for " + numbers.prefixAt(n));
        }
        return o;
    }

    int pathCount(int n) {
        Object o = row(n);
        if (o == EMPTY) {
            return 0;
        }
        Object r = rest[n];
        return r == null ? 1 : r instanceof Path ? 2 : 1 + ((Path[]) r).length;
    }

    Path path(int n, int i) {
        Object o = row(n);
        Object r = rest[n];
        if (o instanceof Path p && i >= 0) {
            if (i == 0) {
                return p;
            }
            if (r instanceof Path q && i == 1) {
                return q;
            }
            if (r instanceof Path[] a && i - 1 < a.length) {
                return a[i - 1];
            }
        }
        throw new IndexOutOfBoundsException(i);
    }

    /** The entry's paths, newest first, in a new array. */
    private Path[] all(int n) {
        Path[] a = new Path[pathCount(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = path(n, i);
        }
        return a;
    }

    /** Adds {@code p} as the entry's newest path. */
    void addFirst(int n, Path p) {
        Object o = row(n);
        if (o == EMPTY) {
            paths[n] = p; // no path to be chosen: none is held by index
            return;
        }
        Path[] a = all(n);
        Path[] m = new Path[a.length + 1];
        m[0] = p;
        System.arraycopy(a, 0, m, 1, a.length);
        keep(n, m, m.length);
    }

    /** Removes the entry's paths {@code drop} accepts; returns how many. */
    int removeIf(int n, Predicate<Path> drop) {
        Path[] a = all(n);
        Path[] kept = new Path[a.length];
        int k = 0;
        for (Path p : a) {
            if (!drop.test(p)) {
                kept[k++] = p;
            }
        }
        if (k < a.length) {
            keep(n, kept, k);
        }
        return a.length - k;
    }

    /** Removes the entry's path of session {@code s} (a session has one path per prefix); whether there was one. */
    boolean removeFrom(int n, BgpSession s) {
        Object o = row(n);
        if (o instanceof Path only && rest[n] == null) {
            if (only.from() != s) {
                return false;
            }
            keep(n, NO_PATHS, 0);
            return true;
        }
        if (o == EMPTY) {
            return false;
        }
        Path[] a = all(n);
        for (int i = 0; i < a.length; i++) {
            if (a[i].from() == s) {
                Path[] m = new Path[a.length - 1];
                System.arraycopy(a, 0, m, 0, i);
                System.arraycopy(a, i + 1, m, i, a.length - i - 1);
                keep(n, m, m.length);
                return true;
            }
        }
        return false;
    }

    /**
     * Holds the first {@code k} of {@code a}: none ({@link #EMPTY}); the first in {@link #paths}
     * and the second, if any, in {@link #rest}; from three on, the second and later in an array
     * there of exactly their number.
     */
    private void keep(int n, Path[] a, int k) {
        Path held = heldByIndex(n);
        paths[n] = k == 0 ? EMPTY : a[0];
        rest[n] = k <= 1 ? null : k == 2 ? a[1] : Arrays.copyOfRange(a, 1, k);
        if (held != null) {
            chosen(n, held); // at its new index, or in others once it left
        }
    }

    /**
     * The best path and the paths installed with it: null without a best; the best {@link Path}
     * itself when alone; else a {@code List<Path>} of two or more, best first.
     */
    Object chosen(int n) {
        row(n);
        int c = chosen[n];
        return c == 0 ? null : c == OTHER ? others.get(n) : path(n, c - 1);
    }

    /** Records the choice {@code c} (as {@link #chosen(int)} returns it). */
    void chosen(int n, Object c) {
        row(n);
        if (chosen[n] == OTHER) {
            others.remove(n);
        }
        int i = c instanceof Path p ? indexOf(n, p) : -1;
        if (c == null) {
            chosen[n] = 0;
        } else if (i >= 0 && i < OTHER - 1) {
            chosen[n] = (byte) (i + 1);
        } else {
            chosen[n] = OTHER;
            others.put(n, c);
        }
    }

    /** The entry's path {@code p} (the same object) is at: its index, or -1. */
    private int indexOf(int n, Path p) {
        for (int i = 0, k = pathCount(n); i < k; i++) {
            if (path(n, i) == p) {
                return i;
            }
        }
        return -1;
    }

    /** The lone chosen path, held by index (to be coded again once the paths changed), or null. */
    private Path heldByIndex(int n) {
        int c = chosen[n];
        return c == 0 || c == OTHER ? null : path(n, c - 1);
    }

    int stamp(int n) {
        row(n);
        return stamps[n];
    }

    void stamp(int n, int s) {
        row(n);
        stamps[n] = s;
    }

    long since(int n) {
        row(n);
        return since[n];
    }

    void since(int n, long ns) {
        row(n);
        since[n] = ns;
    }

    private static final class Ordered extends AbstractList<RibEntry> implements RandomAccess {
        private final RibEntry[] a;

        Ordered(RibEntry[] a) {
            this.a = a;
        }

        @Override
        public RibEntry get(int i) {
            return a[i];
        }

        @Override
        public int size() {
            return a.length;
        }
    }
}
