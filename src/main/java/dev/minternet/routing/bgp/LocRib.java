package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;
import dev.minternet.routing.bgp.BgpSpeaker.RibEntry;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.Predicate;

/**
 * A speaker's Loc-RIB: its entries by prefix, and in prefix order when iterated (the order the
 * decision process traces its choices in and vtysh prints them in, as the {@code TreeMap} it
 * replaced). An open-addressing table of the entries themselves (each knows its prefix; linear
 * probing, deletion by backward shift), about 7 bytes an entry at its load where a {@code TreeMap}
 * took a 40-byte node each, and an array of the entries in order, sorted again only when it is
 * asked for after an entry came or went (a router's set of prefixes changes far less often than it
 * is walked).
 */
final class LocRib {
    private static final RibEntry[] NONE = new RibEntry[0];
    private static final Comparator<RibEntry> BY_PREFIX = (a, b) -> a.prefix.compareTo(b.prefix);

    private RibEntry[] slots = NONE;
    private int size;
    /** The entries in prefix order, or null when an entry came or went since it was sorted. */
    private RibEntry[] sorted = NONE;

    int size() {
        return size;
    }

    /** The entry for {@code p}, or null. */
    RibEntry get(Prefix p) {
        if (size == 0) {
            return null;
        }
        int mask = slots.length - 1;
        for (int i = slot(p, mask); slots[i] != null; i = (i + 1) & mask) {
            if (slots[i].prefix.equals(p)) {
                return slots[i];
            }
        }
        return null;
    }

    /** Adds {@code e}, whose prefix has no entry yet. */
    void add(RibEntry e) {
        if ((size + 1) * 4 > slots.length * 3) {
            grow();
        }
        int mask = slots.length - 1;
        int i = slot(e.prefix, mask);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        slots[i] = e;
        size++;
        sorted = null;
    }

    /** Removes the entry for {@code p}, if any. */
    void remove(Prefix p) {
        if (size == 0) {
            return;
        }
        int mask = slots.length - 1;
        int i = slot(p, mask);
        while (slots[i] != null && !slots[i].prefix.equals(p)) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            return;
        }
        int hole = i;
        for (int j = (hole + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int home = slot(slots[j].prefix, mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                slots[hole] = slots[j];
                hole = j;
            }
        }
        slots[hole] = null;
        size--;
        sorted = null;
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
        RibEntry[] s = sorted;
        if (s == null) {
            s = new RibEntry[size];
            int k = 0;
            for (RibEntry e : slots) {
                if (e != null) {
                    s[k++] = e;
                }
            }
            Arrays.sort(s, BY_PREFIX);
            sorted = s;
        }
        RibEntry[] view = s;
        return new Ordered(view);
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

    private void grow() {
        RibEntry[] old = slots;
        slots = new RibEntry[Math.max(8, old.length * 2)];
        int mask = slots.length - 1;
        for (RibEntry e : old) {
            if (e != null) {
                int i = slot(e.prefix, mask);
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = e;
            }
        }
    }

    private static int slot(Prefix p, int mask) {
        int h = p.network() * 0x9E3779B9 + p.length();
        return (h ^ (h >>> 16)) & mask;
    }
}
