package dev.minternet.sim;

import java.util.function.Function;

/**
 * What a pure function made last for a few keys, one entry a slot of the key's hash: for the work a
 * crowd of clients repeats on the same few inputs (the same page's references, the same
 * Accept-Encoding, the same HTTP dates), where comparing the key costs much less than making the
 * value again. A key equal to a slot's gets the value made for it; any other takes the slot. The
 * values are the function's own, so a run gives the same results with or without it. Entries are
 * immutable and replace each other whole, so threads (a partitioned run's lanes) may share one.
 */
public final class Recent<K, V> {
    private record Entry<K, V>(K key, V value) {
    }

    private final Entry<K, V>[] slots;

    /** A table of {@code size} slots, a power of two. */
    @SuppressWarnings("unchecked")
    public Recent(int size) {
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("size " + size + ": a power of two");
        }
        slots = (Entry<K, V>[]) new Entry<?, ?>[size];
    }

    /** The value {@code make} gives for {@code key} (null too), made now unless it was made last for an equal key. */
    public V get(K key, Function<? super K, ? extends V> make) {
        int slot = key.hashCode() & (slots.length - 1);
        Entry<K, V> e = slots[slot];
        if (e != null && e.key.equals(key)) {
            return e.value;
        }
        V v = make.apply(key);
        slots[slot] = new Entry<>(key, v);
        return v;
    }
}
