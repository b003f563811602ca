package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import java.util.Arrays;

/**
 * A session's Adj-RIB-Out (RFC 4271 3.2): for each prefix announced to the peer and not withdrawn
 * since, the best path it was exported from. Two forms, by the world's number for the prefix
 * ({@link AttrTable#number}):
 * <ul>
 *   <li>sparse, while the session announces fewer than a quarter of the world's prefixes (a
 *   customer's cone toward a provider or a peer, at 1,000 ASes a third of the sessions, holding
 *   2 % of the paths): an open-addressing table of the numbers and paths, 16 to 32 bytes a prefix
 *   announced;</li>
 *   <li>dense, from then on: an array of the paths indexed by the number, 4 bytes a prefix of the
 *   world (the open-addressing table of prefixes and paths it replaced took about 14 bytes a
 *   prefix announced, a {@code TreeMap} a 40-byte entry).</li>
 * </ul>
 * Sparse sessions kept the dense array before: 2.4 million slots for 66,000 paths at 1,000 ASes.
 * Nothing iterates it (lookups by prefix only), so the numbers' order never reaches an output.
 */
final class AdjRibOut {
    private static final int SPARSE_START = 8;

    private final AttrTable numbers;
    /** Sparse: each slot's number + 1 (0: empty), beside {@link #paths}; null once dense. */
    private int[] keys = new int[SPARSE_START];
    /** Sparse: the slots' paths; dense: the paths by number (null: not announced). */
    private BgpSpeaker.Path[] paths = new BgpSpeaker.Path[SPARSE_START];
    private int size;

    AdjRibOut(AttrTable numbers) {
        this.numbers = numbers;
    }

    int size() {
        return size;
    }

    boolean containsKey(Prefix p) {
        return get(p) != null;
    }

    /** The path announced for {@code p}, or null. */
    BgpSpeaker.Path get(Prefix p) {
        int n = numbers.number(p);
        if (n < 0) {
            return null;
        }
        if (keys == null) {
            return n < paths.length ? paths[n] : null;
        }
        int i = slot(keys, n);
        return i < 0 ? null : paths[i];
    }

    /** Records that {@code p} was announced from {@code path} (not null). */
    void put(Prefix p, BgpSpeaker.Path path) {
        int n = numbers.register(p);
        if (keys != null) {
            int i = slot(keys, n);
            if (i >= 0) {
                paths[i] = path;
                return;
            }
            if ((size + 1) * 4 >= numbers.prefixes()) {
                dense();
            } else {
                if ((size + 1) * 2 > keys.length) {
                    rehash(keys.length * 2);
                }
                insert(keys, paths, n, path);
                size++;
                return;
            }
        }
        if (n >= paths.length) {
            paths = Arrays.copyOf(paths, Math.max(n + 1, Math.max(numbers.prefixes(), paths.length + (paths.length >> 2))));
        }
        if (paths[n] == null) {
            size++;
        }
        paths[n] = path;
    }

    /** Forgets {@code p} (withdrawn). */
    void remove(Prefix p) {
        int n = numbers.number(p);
        if (n < 0) {
            return;
        }
        if (keys == null) {
            if (n < paths.length && paths[n] != null) {
                paths[n] = null;
                size--;
            }
            return;
        }
        int i = slot(keys, n);
        if (i < 0) {
            return;
        }
        // backward-shift deletion: the slots after it that probed past it move up, so no tombstones
        int mask = keys.length - 1;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (keys[j] == 0) {
                break;
            }
            int home = hash(keys[j] - 1) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) { // its home is at or before the hole
                keys[i] = keys[j];
                paths[i] = paths[j];
                i = j;
            }
        }
        keys[i] = 0;
        paths[i] = null;
        size--;
    }

    void clear() {
        keys = new int[SPARSE_START];
        paths = new BgpSpeaker.Path[SPARSE_START];
        size = 0;
    }

    private static int hash(int n) {
        int h = n * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The slot of number {@code n} in a sparse table, or -1. */
    private static int slot(int[] keys, int n) {
        int mask = keys.length - 1;
        for (int i = hash(n) & mask;; i = (i + 1) & mask) {
            int k = keys[i];
            if (k == 0) {
                return -1;
            }
            if (k == n + 1) {
                return i;
            }
        }
    }

    private static void insert(int[] keys, BgpSpeaker.Path[] paths, int n, BgpSpeaker.Path path) {
        int mask = keys.length - 1;
        int i = hash(n) & mask;
        while (keys[i] != 0) {
            i = (i + 1) & mask;
        }
        keys[i] = n + 1;
        paths[i] = path;
    }

    private void rehash(int capacity) {
        int[] k = new int[capacity];
        BgpSpeaker.Path[] v = new BgpSpeaker.Path[capacity];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                insert(k, v, keys[i] - 1, paths[i]);
            }
        }
        keys = k;
        paths = v;
    }

    /** Moves the sparse table's paths into the array by number, for good. */
    private void dense() {
        BgpSpeaker.Path[] a = new BgpSpeaker.Path[numbers.prefixes()];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != 0) {
                a[keys[i] - 1] = paths[i];
            }
        }
        keys = null;
        paths = a;
    }
}
