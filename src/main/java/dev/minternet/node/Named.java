package dev.minternet.node;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Values known by a name that is one of their own fields (a node's, a link's), in the order they
 * were added: an array of the values and an open-addressing table of their positions, keyed by
 * the name the value itself holds. No entry object or key reference per value, as a
 * LinkedHashMap would keep (40 bytes an entry and its table slot; here 12 to 24), for worlds of a million hosts.
 * A slot also keeps 8 bits of its value's hash, so a probe passes a value of another hash without
 * fetching the value and its name from memory (a world of a million hosts is built about 15%
 * faster: most lookups ask for a name not there yet, to refuse duplicates). Nothing is ever
 * removed; at most 16,777,215 values.
 */
final class Named<V> {
    /** The hash code of a value's name, and whether a value has a name: without making the name (a link's is made when asked). */
    private final ToIntFunction<V> hashOf;
    private final BiPredicate<V, String> named;
    private Object[] values = new Object[8];
    private int size;
    /**
     * Per slot: position + 1 of the value in the low 24 bits and the top 8 bits of its spread hash
     * above them, 0 for an empty slot; linear probing; at most half full.
     */
    private int[] slots = new int[16];
    static final int MAX = (1 << 24) - 1;

    Named(Function<V, String> nameOf) {
        this(v -> nameOf.apply(v).hashCode(), (v, n) -> nameOf.apply(v).equals(n));
    }

    /** {@code hashOf} gives what {@code name.hashCode()} would, {@code named} whether a value is called that. */
    Named(ToIntFunction<V> hashOf, BiPredicate<V, String> named) {
        this.hashOf = hashOf;
        this.named = named;
    }

    int size() {
        return size;
    }

    @SuppressWarnings("unchecked")
    V get(String name) {
        int mask = slots.length - 1;
        int h = spread(name.hashCode());
        int tag = h & ~MAX;
        for (int s = h & mask; ; s = (s + 1) & mask) {
            int e = slots[s];
            if (e == 0) {
                return null;
            }
            if ((e & ~MAX) == tag) {
                V v = (V) values[(e & MAX) - 1];
                if (named.test(v, name)) {
                    return v;
                }
            }
        }
    }

    boolean contains(String name) {
        return get(name) != null;
    }

    /**
     * Makes room for {@code n} values in all, so that adding up to that many moves nothing: no
     * table rebuilt as it fills (a rebuild fetches every value to hash its name again; a world of
     * a million hosts had twenty rebuilds of each table).
     */
    void reserve(int n) {
        if (n > MAX || n <= values.length) {
            return;
        }
        values = Arrays.copyOf(values, n);
        int capacity = Integer.highestOneBit(n * 2 - 1) << 1; // at most half full
        if (capacity > slots.length) {
            slots = new int[capacity];
            for (int p = 1; p <= size; p++) {
                place(p);
            }
        }
    }

    /** Adds {@code v}, whose name no value here has (the caller checked). */
    void add(V v) {
        if (size == MAX) {
            throw new IllegalStateException("more than " + MAX + " names in one table");
        }
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
        if (size * 2 > slots.length) {
            slots = new int[slots.length * 2];
            for (int p = 1; p <= size; p++) {
                place(p);
            }
        } else {
            place(size);
        }
    }

    @SuppressWarnings("unchecked")
    private void place(int p) {
        int mask = slots.length - 1;
        int h = spread(hashOf.applyAsInt((V) values[p - 1]));
        int s = h & mask;
        while (slots[s] != 0) {
            s = (s + 1) & mask;
        }
        slots[s] = (h & ~MAX) | p;
    }

    private static int spread(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** A read-only view of the values in the order they were added (it follows later additions). */
    List<V> values() {
        return new AbstractList<>() {
            @SuppressWarnings("unchecked")
            @Override
            public V get(int i) {
                if (i < 0 || i >= size) {
                    throw new IndexOutOfBoundsException(i);
                }
                return (V) values[i];
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
