package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.RibEntry;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * A speaker's Loc-RIB: its entries by prefix, and in prefix order when iterated (the order the
 * decision process traces its choices in and vtysh prints them in, as the {@code TreeMap} it
 * once was). An array of the entries indexed by the world's number for their prefix
 * ({@link AttrTable#number}): 4 bytes a prefix of the world, where a router of a generated internet
 * holds nearly every one (an open-addressing table took about 7 bytes an entry, a {@code TreeMap} a
 * 40-byte node each). The prefix order is the world's ({@link AttrTable#order}), one array for
 * every router, walked for the entries this one holds: each router kept a sorted array of its
 * own before, 4 bytes an entry.
 */
final class LocRib {
    private static final RibEntry[] NONE = new RibEntry[0];

    private final AttrTable numbers;
    /** The entries by their prefix's number (null: none). */
    private RibEntry[] slots = NONE;
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
        return n < 0 || n >= slots.length ? null : slots[n];
    }

    /** Adds {@code e}, whose prefix has no entry yet. */
    void add(RibEntry e) {
        int n = numbers.register(e.prefix);
        if (n >= slots.length) {
            slots = Arrays.copyOf(slots, Math.max(n + 1, Math.max(numbers.prefixes(), slots.length + (slots.length >> 2))));
        }
        if (slots[n] != null) {
            throw new IllegalStateException("an entry for " + e.prefix + " already");
        }
        slots[n] = e;
        size++;
    }

    /** Removes the entry for {@code p}, if any. */
    void remove(Prefix p) {
        int n = numbers.number(p);
        if (n < 0 || n >= slots.length || slots[n] == null) {
            return;
        }
        slots[n] = null;
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
     * The entries in prefix order: a read-only list that stays as it is when entries come or go
     * afterwards (a later call gives the new set).
     */
    List<RibEntry> inOrder() {
        if (size == 0) {
            return new Ordered(NONE);
        }
        RibEntry[] s = new RibEntry[size];
        RibEntry[] by = slots;
        int k = 0;
        for (int n : numbers.order()) { // every number a slot may hold: each entry's prefix has one
            if (n < by.length && by[n] != null) {
                s[k++] = by[n];
            }
        }
        return new Ordered(s);
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
