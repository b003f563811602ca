package dev.minternet.ip;

import dev.minternet.wire.Ip4;

/**
 * Longest-prefix match over IPv4 prefixes: one open-addressing hash table per prefix length
 * present, probed from the longest length down. A lookup costs at most one hash probe per
 * distinct length in the table (typically 2 or 3), whatever the number of prefixes, so a core
 * router with 100,000 routes forwards as fast as a home router with three.
 *
 * <p>Only the lengths present have a table, kept in {@code tables} by ascending length (the
 * table of length {@code len} sits at the number of present lengths below it): a host's map
 * holds one or two small tables, not 33 slots, which matters with a million hosts. A map of one
 * or two prefixes of two lengths (a host's one address; its connected route and its default)
 * holds them in fields and no table at all: {@code tables} is empty while {@code present} has
 * their lengths.
 */
public final class PrefixMap {
    private static final int EMPTY = Integer.MIN_VALUE;

    private static final Table[] NONE = new Table[0];

    private Table[] tables = NONE;
    private long present;
    private int size;
    /**
     * While the map holds no table: its prefixes (masked) and values in these fields, at most two
     * and of two lengths, the shorter one in {@code lo}: a host's connected route and its default,
     * looked up for every datagram it sends, cost two comparisons and no table to fetch.
     */
    private int loKey;
    private int loValue;
    private int hiKey;
    private int hiValue;

    /** Whether the map holds its prefixes in the fields rather than in tables (none, one or two). */
    private boolean inline() {
        return tables.length == 0;
    }

    /** Associates {@code value} (>= 0) with prefix {@code addr/len}; returns the previous value or -1. */
    public int put(int addr, int len, int value) {
        int key = addr & Ip4.mask(len);
        if (inline()) {
            long bit = 1L << len;
            if (present == 0) {
                loKey = key;
                loValue = value;
                present = bit;
                size = 1;
                return -1;
            }
            if ((present & bit) != 0) {
                if (len == Long.numberOfTrailingZeros(present) && loKey == key) {
                    int prev = loValue;
                    loValue = value;
                    return prev;
                }
                if (len != Long.numberOfTrailingZeros(present) && hiKey == key) {
                    int prev = hiValue;
                    hiValue = value;
                    return prev;
                }
            } else if (size == 1) {
                // a second prefix of another length: it stays in the fields
                if (len > Long.numberOfTrailingZeros(present)) {
                    hiKey = key;
                    hiValue = value;
                } else {
                    hiKey = loKey;
                    hiValue = loValue;
                    loKey = key;
                    loValue = value;
                }
                present |= bit;
                size = 2;
                return -1;
            }
            // a third prefix, or a second of the same length: the fields move into tables
            long p = present;
            int n = size;
            present = 0;
            size = 0;
            putInTable(loKey, Long.numberOfTrailingZeros(p), loValue);
            if (n == 2) {
                putInTable(hiKey, 63 - Long.numberOfLeadingZeros(p), hiValue);
            }
        }
        return putInTable(key, len, value);
    }

    private int putInTable(int addr, int len, int value) {
        Table t = table(len);
        if (t == null) {
            t = new Table();
            int at = slot(len);
            Table[] n = new Table[tables.length + 1];
            System.arraycopy(tables, 0, n, 0, at);
            System.arraycopy(tables, at, n, at + 1, tables.length - at);
            n[at] = t;
            tables = n;
            present |= 1L << len;
        }
        int prev = t.put(addr & Ip4.mask(len), value);
        if (prev < 0) {
            size++;
        }
        return prev;
    }

    /** Exact-match lookup of prefix {@code addr/len}; -1 if absent. */
    public int get(int addr, int len) {
        if (inline()) {
            long p = present;
            if ((p & 1L << len) == 0) {
                return -1;
            }
            int key = addr & Ip4.mask(len);
            if (len == Long.numberOfTrailingZeros(p)) {
                return loKey == key ? loValue : -1;
            }
            return hiKey == key ? hiValue : -1;
        }
        Table t = table(len);
        return t == null ? -1 : t.get(addr & Ip4.mask(len));
    }

    public int remove(int addr, int len) {
        if (inline()) {
            long p = present;
            long bit = 1L << len;
            if ((p & bit) == 0) {
                return -1;
            }
            int key = addr & Ip4.mask(len);
            if (len == Long.numberOfTrailingZeros(p)) {
                if (loKey != key) {
                    return -1;
                }
                int prev = loValue;
                loKey = hiKey; // the other one, if any, becomes the shorter
                loValue = hiValue;
                present = p & ~bit;
                size--;
                return prev;
            }
            if (hiKey != key) {
                return -1;
            }
            present = p & ~bit;
            size--;
            return hiValue;
        }
        Table t = table(len);
        if (t == null) {
            return -1;
        }
        int prev = t.remove(addr & Ip4.mask(len));
        if (prev >= 0) {
            size--;
            if (t.size == 0) {
                int at = slot(len);
                Table[] n = new Table[tables.length - 1];
                System.arraycopy(tables, 0, n, 0, at);
                System.arraycopy(tables, at + 1, n, at, n.length - at);
                tables = n;
                present &= ~(1L << len);
            }
        }
        return prev;
    }

    /** Where the table of length {@code len} sits (or would sit) in {@link #tables}. */
    private int slot(int len) {
        return Long.bitCount(present & ((1L << len) - 1));
    }

    private Table table(int len) {
        return (present & (1L << len)) == 0 ? null : tables[slot(len)];
    }

    /** Bit i set when some prefix of length i is present. */
    public long lengths() {
        return present;
    }

    /** Longest match: the value of the longest prefix containing {@code addr}, or -1. */
    public int lookup(int addr) {
        if (inline()) {
            long p = present;
            if (p == 0) {
                return -1;
            }
            if (size == 2) {
                int hiLen = 63 - Long.numberOfLeadingZeros(p);
                if (hiKey == (addr & Ip4.mask(hiLen))) {
                    return hiValue;
                }
            }
            return loKey == (addr & Ip4.mask(Long.numberOfTrailingZeros(p))) ? loValue : -1;
        }
        long p = present;
        for (int k = tables.length - 1; k >= 0; k--) {
            int len = 63 - Long.numberOfLeadingZeros(p);
            int v = tables[k].get(addr & Ip4.mask(len));
            if (v >= 0) {
                return v;
            }
            p &= ~(1L << len);
        }
        return -1;
    }

    public int size() {
        return size;
    }

    /** What {@link #forEach} hands each prefix of the map. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int network, int length, int value);
    }

    /**
     * Hands every prefix (masked) and its value to {@code v}, shortest lengths first and in no
     * stated order within a length (the tables' slots): for a walk whose result does not depend
     * on the order.
     */
    public void forEach(Visitor v) {
        long p = present;
        if (inline()) {
            if (p != 0) {
                v.visit(loKey, Long.numberOfTrailingZeros(p), loValue);
            }
            if (size == 2) {
                v.visit(hiKey, 63 - Long.numberOfLeadingZeros(p), hiValue);
            }
            return;
        }
        Table[] ts = tables;
        for (Table t : ts) {
            int len = Long.numberOfTrailingZeros(p);
            p &= p - 1;
            int[] s = t.slots;
            for (int i = 0; i < s.length; i += 2) {
                if (s[i + 1] >= 0) {
                    v.visit(s[i], len, s[i + 1]);
                }
            }
        }
    }

    /**
     * Open addressing with linear probing; each slot's key and value sit side by side in one
     * array ({@code slots[2i]}, {@code slots[2i + 1]}), so a probe of a large table (global
     * routing's, one prefix per link) costs one cache miss, not two.
     */
    private static final class Table {
        int[] slots = filled(2);
        int size;
        /** Slots no longer empty: live entries and tombstones (a probe ends only at an empty slot). */
        int used;

        private static int[] filled(int capacity) {
            int[] a = new int[capacity * 2];
            for (int i = 1; i < a.length; i += 2) {
                a[i] = EMPTY;
            }
            return a;
        }

        private static int hash(int k) {
            int h = k * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        /** The slot holding key {@code k}, or -1 when none does. */
        private int slotOf(int k) {
            int[] s = slots;
            int mask = (s.length >> 1) - 1;
            int i = hash(k) & mask;
            while (true) {
                int v = s[2 * i + 1];
                if (v == EMPTY) {
                    return -1;
                }
                if (s[2 * i] == k && v >= 0) {
                    return i;
                }
                i = (i + 1) & mask;
            }
        }

        int get(int k) {
            int i = slotOf(k);
            return i < 0 ? -1 : slots[2 * i + 1];
        }

        int put(int k, int value) {
            if ((used + 1) * 2 > slots.length >> 1) {
                rehash();
            }
            int[] s = slots;
            int mask = (s.length >> 1) - 1;
            int i = hash(k) & mask;
            int tomb = -1;
            while (true) {
                int v = s[2 * i + 1];
                if (v == EMPTY) {
                    int at = tomb >= 0 ? tomb : i;
                    s[2 * at] = k;
                    s[2 * at + 1] = value;
                    size++;
                    if (at == i) {
                        used++;
                    }
                    return -1;
                }
                if (v == -1 && tomb < 0) {
                    tomb = i;
                } else if (v >= 0 && s[2 * i] == k) {
                    s[2 * i + 1] = value;
                    return v;
                }
                i = (i + 1) & mask;
            }
        }

        int remove(int k) {
            int i = slotOf(k);
            if (i < 0) {
                return -1;
            }
            int v = slots[2 * i + 1];
            slots[2 * i + 1] = -1; // tombstone
            size--;
            return v;
        }

        /**
         * Rebuilds without tombstones: at twice the capacity when live entries fill a quarter of
         * it, else at the same (removals left tombstones that would otherwise fill every slot).
         */
        private void rehash() {
            int[] old = slots;
            int capacity = old.length >> 1;
            slots = filled((size + 1) * 4 > capacity ? capacity * 2 : capacity);
            size = 0;
            used = 0;
            for (int i = 0; i < old.length; i += 2) {
                if (old[i + 1] >= 0) {
                    put(old[i], old[i + 1]);
                }
            }
        }
    }
}
