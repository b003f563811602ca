package dev.minternet.routing.bgp;

import dev.minternet.routing.bgp.BgpMessage.Prefix;

/**
 * A session's Adj-RIB-Out (RFC 4271 3.2): for each prefix announced to the peer and not withdrawn
 * since, the best path it was exported from. An open-addressing table of two parallel arrays
 * (linear probing, deletion by backward shift), about 12 bytes a prefix at its load, where a
 * {@code TreeMap} took a 40-byte entry each: a router holds one of these per session, and at 1,000
 * ASes they held more entries than the Loc-RIBs. Nothing iterates it (lookups by prefix only), so its
 * order, which depends on the hashes, never reaches an output.
 */
final class AdjRibOut {
    private static final int MIN_CAPACITY = 8;

    private Prefix[] keys = new Prefix[0];
    private BgpSpeaker.Path[] values = new BgpSpeaker.Path[0];
    private int size;

    int size() {
        return size;
    }

    boolean containsKey(Prefix p) {
        return get(p) != null;
    }

    /** The path announced for {@code p}, or null. */
    BgpSpeaker.Path get(Prefix p) {
        if (size == 0) {
            return null;
        }
        int mask = keys.length - 1;
        for (int i = slot(p, mask); keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(p)) {
                return values[i];
            }
        }
        return null;
    }

    /** Records that {@code p} was announced from {@code path} (not null). */
    void put(Prefix p, BgpSpeaker.Path path) {
        if ((size + 1) * 4 > keys.length * 3) {
            grow();
        }
        int mask = keys.length - 1;
        int i = slot(p, mask);
        for (; keys[i] != null; i = (i + 1) & mask) {
            if (keys[i].equals(p)) {
                values[i] = path;
                return;
            }
        }
        keys[i] = p;
        values[i] = path;
        size++;
    }

    /** Forgets {@code p} (withdrawn). */
    void remove(Prefix p) {
        if (size == 0) {
            return;
        }
        int mask = keys.length - 1;
        int i = slot(p, mask);
        while (keys[i] != null && !keys[i].equals(p)) {
            i = (i + 1) & mask;
        }
        if (keys[i] == null) {
            return;
        }
        // backward-shift deletion: move up the later entries of the run that hash at or before the hole
        int hole = i;
        for (int j = (hole + 1) & mask; keys[j] != null; j = (j + 1) & mask) {
            int home = slot(keys[j], mask);
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = null;
        values[hole] = null;
        size--;
    }

    void clear() {
        keys = new Prefix[0];
        values = new BgpSpeaker.Path[0];
        size = 0;
    }

    private void grow() {
        Prefix[] oldKeys = keys;
        BgpSpeaker.Path[] oldValues = values;
        int cap = Math.max(MIN_CAPACITY, oldKeys.length * 2);
        keys = new Prefix[cap];
        values = new BgpSpeaker.Path[cap];
        int mask = cap - 1;
        for (int k = 0; k < oldKeys.length; k++) {
            if (oldKeys[k] != null) {
                int i = slot(oldKeys[k], mask);
                while (keys[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[k];
                values[i] = oldValues[k];
            }
        }
    }

    private static int slot(Prefix p, int mask) {
        int h = p.network() * 0x9E3779B9 + p.length();
        return (h ^ (h >>> 16)) & mask;
    }
}
