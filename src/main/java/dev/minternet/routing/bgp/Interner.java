package dev.minternet.routing.bgp;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.function.BiPredicate;
import java.util.function.ToIntFunction;

/**
 * One shared instance for each distinct immutable value, held weakly: FRR's {@code aspath_intern}
 * and {@code bgp_attr_intern}, with the garbage collector in place of their reference counts (a
 * value no path holds any longer drops out of the table by itself). A chained hash table of weak
 * references that remember their hash, so a cleared one is unlinked without its value.
 * Thread-safe: the speakers of one world may run in several lanes at once.
 */
final class Interner<T> {
    private static final class Ref<T> extends WeakReference<T> {
        final int hash;
        Ref<T> next;

        Ref(T value, int hash, ReferenceQueue<T> queue, Ref<T> next) {
            super(value, queue);
            this.hash = hash;
            this.next = next;
        }
    }

    private final ToIntFunction<T> hash;
    private final BiPredicate<T, T> equal;
    private final ReferenceQueue<T> cleared = new ReferenceQueue<>();
    private Ref<T>[] table = newTable(64);
    private int size;
    /**
     * The values found or added lately, by their hash's low bits, one a slot (strong references:
     * they stay the instances the table holds while here), with their hashes beside. A value
     * interned again soon after (an AS path passed on inside an AS by iBGP, or to several routers
     * of one AS) is found here in two small arrays instead of through the table's slot, its
     * reference and the referent, three reads from all over a large heap: 16 % of
     * {@code bench internet}'s CPU at 1,000 ASes went to those reads. 0 slots: none kept.
     */
    private final Object[] recent;
    private final int[] recentHash;

    Interner(ToIntFunction<T> hash, BiPredicate<T, T> equal) {
        this(hash, equal, 0);
    }

    /** A table that keeps the last {@code recent} (a power of two, or 0) values looked up for a quick second look. */
    Interner(ToIntFunction<T> hash, BiPredicate<T, T> equal, int recent) {
        this.hash = hash;
        this.equal = equal;
        this.recent = new Object[recent];
        this.recentHash = new int[recent];
    }

    /** The instance equal to {@code v} that this table holds, or {@code v} itself, which it holds from now on. */
    synchronized T intern(T v) {
        int h = spread(hash.applyAsInt(v));
        if (recent.length == 0) {
            return lookup(v, h);
        }
        int c = h & (recent.length - 1);
        if (recentHash[c] == h) {
            @SuppressWarnings("unchecked")
            T x = (T) recent[c];
            if (x != null && equal.test(x, v)) {
                return x;
            }
        }
        T x = lookup(v, h);
        recent[c] = x;
        recentHash[c] = h;
        return x;
    }

    private T lookup(T v, int h) {
        expunge();
        int i = h & (table.length - 1);
        for (Ref<T> r = table[i]; r != null; r = r.next) {
            if (r.hash == h) {
                T x = r.get();
                if (x != null && equal.test(x, v)) {
                    return x;
                }
            }
        }
        table[i] = new Ref<>(v, h, cleared, table[i]);
        if (++size > table.length - (table.length >> 2)) {
            grow();
        }
        return v;
    }

    /** Distinct values held (some may have been collected and not yet unlinked). */
    synchronized int size() {
        expunge();
        return size;
    }

    private void expunge() {
        for (Object o; (o = cleared.poll()) != null;) {
            @SuppressWarnings("unchecked")
            Ref<T> dead = (Ref<T>) o;
            int i = dead.hash & (table.length - 1);
            Ref<T> prev = null;
            for (Ref<T> r = table[i]; r != null; prev = r, r = r.next) {
                if (r == dead) {
                    if (prev == null) {
                        table[i] = r.next;
                    } else {
                        prev.next = r.next;
                    }
                    size--;
                    break;
                }
            }
        }
    }

    private void grow() {
        Ref<T>[] old = table;
        table = newTable(old.length * 2);
        int mask = table.length - 1;
        for (Ref<T> head : old) {
            for (Ref<T> r = head; r != null;) {
                Ref<T> next = r.next;
                r.next = table[r.hash & mask];
                table[r.hash & mask] = r;
                r = next;
            }
        }
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    @SuppressWarnings("unchecked")
    private static <T> Ref<T>[] newTable(int n) {
        return (Ref<T>[]) new Ref<?>[n];
    }
}
