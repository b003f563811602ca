package dev.minternet.ip;

/**
 * A node's own IPv4 addresses, for the test every arriving datagram takes (is it for me?). One
 * address (a host's) sits in a field; more go to an open-addressing table of keys alone, linear
 * probing, at most half full, deletion by shifting back (no tombstones). A router of a large
 * world has an address on each of a thousand links: its table is 8 KB where a prefix map's
 * table of keys and values, a quarter full, was 32 KB, and the lookup reaches it through one
 * object fewer; at 1,000,000 hosts a thousand such routers' tables are fetched from memory for
 * each datagram they forward.
 */
final class AddressSet {
    /** The slot value of no address (the address 0.0.0.0 itself is {@link #hasZero}). */
    private static final int EMPTY = 0;

    /** The one address while there is one and no table. */
    private int one;
    private int size;
    private boolean hasZero;
    /** Null until a second address (other than 0.0.0.0) comes; its length a power of two. */
    private int[] slots;

    boolean contains(int a) {
        if (a == EMPTY) {
            return hasZero;
        }
        int[] s = slots;
        if (s == null) {
            return size > (hasZero ? 1 : 0) && one == a;
        }
        int mask = s.length - 1;
        for (int i = hash(a) & mask; ; i = (i + 1) & mask) {
            int k = s[i];
            if (k == a) {
                return true;
            }
            if (k == EMPTY) {
                return false;
            }
        }
    }

    /** Adds {@code a}; false when it was there. */
    boolean add(int a) {
        if (contains(a)) {
            return false;
        }
        size++;
        if (a == EMPTY) {
            hasZero = true;
            return true;
        }
        int others = size - (hasZero ? 1 : 0);
        if (slots == null) {
            if (others == 1) {
                one = a;
                return true;
            }
            slots = new int[8];
            place(one);
        } else if (others * 2 > slots.length) {
            int[] old = slots;
            slots = new int[old.length * 2];
            for (int k : old) {
                if (k != EMPTY) {
                    place(k);
                }
            }
        }
        place(a);
        return true;
    }

    /** Removes {@code a}; false when it was not there. */
    boolean remove(int a) {
        if (!contains(a)) {
            return false;
        }
        size--;
        if (a == EMPTY) {
            hasZero = false;
            return true;
        }
        int[] s = slots;
        if (s == null) {
            one = 0;
            return true;
        }
        int mask = s.length - 1;
        int i = hash(a) & mask;
        while (s[i] != a) {
            i = (i + 1) & mask;
        }
        // shift back the keys of the run after it that would no longer be found (Knuth's algorithm R)
        for (int j = (i + 1) & mask; s[j] != EMPTY; j = (j + 1) & mask) {
            int home = hash(s[j]) & mask;
            if (((j - home) & mask) >= ((j - i) & mask)) {
                s[i] = s[j];
                i = j;
            }
        }
        s[i] = EMPTY;
        return true;
    }

    int size() {
        return size;
    }

    private void place(int a) {
        int[] s = slots;
        int mask = s.length - 1;
        int i = hash(a) & mask;
        while (s[i] != EMPTY) {
            i = (i + 1) & mask;
        }
        s[i] = a;
    }

    private static int hash(int k) {
        int h = k * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
