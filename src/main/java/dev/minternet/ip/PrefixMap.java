package dev.minternet.ip;

import dev.minternet.wire.Ip4;
import java.util.Arrays;

/**
 * Longest-prefix match over IPv4 prefixes: one open-addressing hash table per prefix length
 * present, probed from the longest length down. A lookup costs at most one hash probe per
 * distinct length in the table (typically 2 or 3), whatever the number of prefixes, so a core
 * router with 100,000 routes forwards as fast as a home router with three.
 */
public final class PrefixMap {
    private static final int EMPTY = Integer.MIN_VALUE;

    private final Table[] tables = new Table[33];
    private long present;
    private int size;

    /** Associates {@code value} (>= 0) with prefix {@code addr/len}; returns the previous value or -1. */
    public int put(int addr, int len, int value) {
        Table t = tables[len];
        if (t == null) {
            t = tables[len] = new Table();
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
        Table t = tables[len];
        return t == null ? -1 : t.get(addr & Ip4.mask(len));
    }

    public int remove(int addr, int len) {
        Table t = tables[len];
        if (t == null) {
            return -1;
        }
        int prev = t.remove(addr & Ip4.mask(len));
        if (prev >= 0) {
            size--;
            if (t.size == 0) {
                tables[len] = null;
                present &= ~(1L << len);
            }
        }
        return prev;
    }

    /** Bit i set when some prefix of length i is present. */
    public long lengths() {
        return present;
    }

    /** Longest match: the value of the longest prefix containing {@code addr}, or -1. */
    public int lookup(int addr) {
        long p = present;
        while (p != 0) {
            int len = 63 - Long.numberOfLeadingZeros(p);
            int v = tables[len].get(addr & Ip4.mask(len));
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

    private static final class Table {
        int[] keys = new int[8];
        int[] values = filled(8);
        int size;

        private static int[] filled(int n) {
            int[] a = new int[n];
            Arrays.fill(a, EMPTY);
            return a;
        }

        private static int hash(int k) {
            int h = k * 0x9E3779B9;
            return h ^ (h >>> 16);
        }

        int get(int k) {
            int mask = keys.length - 1;
            int i = hash(k) & mask;
            while (true) {
                int v = values[i];
                if (v == EMPTY) {
                    return -1;
                }
                if (keys[i] == k && v >= 0) {
                    return v;
                }
                i = (i + 1) & mask;
            }
        }

        int put(int k, int value) {
            if ((size + 1) * 2 > keys.length) {
                grow();
            }
            int mask = keys.length - 1;
            int i = hash(k) & mask;
            int tomb = -1;
            while (true) {
                int v = values[i];
                if (v == EMPTY) {
                    int at = tomb >= 0 ? tomb : i;
                    keys[at] = k;
                    values[at] = value;
                    size++;
                    return -1;
                }
                if (v == -1 && tomb < 0) {
                    tomb = i;
                } else if (v >= 0 && keys[i] == k) {
                    values[i] = value;
                    return v;
                }
                i = (i + 1) & mask;
            }
        }

        int remove(int k) {
            int mask = keys.length - 1;
            int i = hash(k) & mask;
            while (true) {
                int v = values[i];
                if (v == EMPTY) {
                    return -1;
                }
                if (v >= 0 && keys[i] == k) {
                    values[i] = -1; // tombstone
                    size--;
                    return v;
                }
                i = (i + 1) & mask;
            }
        }

        private void grow() {
            int[] ok = keys;
            int[] ov = values;
            keys = new int[ok.length * 2];
            values = filled(ok.length * 2);
            size = 0;
            for (int i = 0; i < ok.length; i++) {
                if (ov[i] >= 0) {
                    put(ok[i], ov[i]);
                }
            }
        }
    }
}
