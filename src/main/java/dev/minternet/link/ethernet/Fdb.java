package dev.minternet.link.ethernet;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A switch's MAC table: (VLAN, address) keys to the port last seen with that source address and
 * when, in an open-addressing table (linear probing, backward-shift deletion) of mutable slots, so
 * that learning from a frame (every frame a switch receives) updates a slot in place instead of
 * boxing a key and allocating an entry. Ageing stays lazy, as {@link Switch} reads it: an entry is
 * old when looked at, not by a timer per entry.
 */
final class Fdb {
    /** One learnt address: mutable, owned by the table. */
    static final class Slot {
        final long key;
        final long mac;
        final int vlan;
        Switch.Port port;
        long updatedNs;
        /** False once the table has removed this slot (a port's cached slot is then looked up again). */
        boolean live = true;

        Slot(long key, long mac, int vlan) {
            this.key = key;
            this.mac = mac;
            this.vlan = vlan;
        }
    }

    private Slot[] slots = new Slot[16];
    private int size;

    static long key(int vid, long mac) {
        return ((long) vid << 48) | mac;
    }

    private static int hash(long k) {
        long h = k * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }

    int size() {
        return size;
    }

    /** The slot for {@code key}, or null. */
    Slot get(long key) {
        Slot[] t = slots;
        int mask = t.length - 1;
        for (int i = hash(key) & mask; ; i = (i + 1) & mask) {
            Slot s = t[i];
            if (s == null || s.key == key) {
                return s;
            }
        }
    }

    /** The slot for {@code key}, created (with no port yet) when there is none. */
    Slot getOrAdd(long key, long mac, int vlan) {
        Slot[] t = slots;
        int mask = t.length - 1;
        int i = hash(key) & mask;
        for (; t[i] != null; i = (i + 1) & mask) {
            if (t[i].key == key) {
                return t[i];
            }
        }
        Slot s = new Slot(key, mac, vlan);
        t[i] = s;
        if (++size * 2 > t.length) {
            grow();
        }
        return s;
    }

    void remove(long key) {
        Slot[] t = slots;
        int mask = t.length - 1;
        int i = hash(key) & mask;
        while (t[i] != null && t[i].key != key) {
            i = (i + 1) & mask;
        }
        if (t[i] == null) {
            return;
        }
        t[i].live = false;
        t[i] = null;
        size--;
        // backward shift: move later members of the run into the hole when their home allows it
        for (int j = (i + 1) & mask; t[j] != null; j = (j + 1) & mask) {
            int home = hash(t[j].key) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                t[i] = t[j];
                t[j] = null;
                i = j;
            }
        }
    }

    /** Every slot (in table order: callers sort what they show). */
    List<Slot> all() {
        List<Slot> out = new ArrayList<>(size);
        for (Slot s : slots) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    void removeIf(Predicate<Slot> p) {
        for (Slot s : all()) {
            if (p.test(s)) {
                remove(s.key);
            }
        }
    }

    private void grow() {
        Slot[] old = slots;
        slots = new Slot[old.length * 2];
        int mask = slots.length - 1;
        for (Slot s : old) {
            if (s != null) {
                int i = hash(s.key) & mask;
                while (slots[i] != null) {
                    i = (i + 1) & mask;
                }
                slots[i] = s;
            }
        }
    }
}
