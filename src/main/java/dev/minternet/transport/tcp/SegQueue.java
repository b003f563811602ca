package dev.minternet.transport.tcp;

/**
 * {@link Rack}'s retransmission queue: its segments in sequence order, contiguous and not
 * overlapping, in a ring that grows by doubling. New segments go at the end and acknowledged ones
 * leave from the front, each in constant time without allocating; a lookup by position is a binary
 * search; a split (a SACK block's or a retransmission's edge inside a segment) inserts after the
 * segment it cuts, moving the ones behind it.
 */
final class SegQueue {
    private Rack.Seg[] ring = new Rack.Seg[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The {@code i}-th segment from the front. */
    Rack.Seg get(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    /** The first segment, or null when empty. */
    Rack.Seg first() {
        return size == 0 ? null : ring[head];
    }

    /** The last segment, or null when empty. */
    Rack.Seg last() {
        return size == 0 ? null : get(size - 1);
    }

    /** Adds a segment that starts at or after the end of the last one. */
    void add(Rack.Seg g) {
        if (size == ring.length) {
            grow();
        }
        ring[(head + size) & (ring.length - 1)] = g;
        size++;
    }

    /** Removes the first segment. */
    void removeFirst() {
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
    }

    /** The index of the last segment starting at or before {@code p}, or -1. */
    int floor(long p) {
        int lo = 0;
        int hi = size - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (get(mid).start <= p) {
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return hi;
    }

    /** The index of the first segment starting at or after {@code p} ({@link #size} when none). */
    int ceiling(long p) {
        int f = floor(p);
        return f >= 0 && get(f).start == p ? f : f + 1;
    }

    /** Inserts {@code g} at index {@code i}, moving the segments from there back by one. */
    void insert(int i, Rack.Seg g) {
        if (size == ring.length) {
            grow();
        }
        int mask = ring.length - 1;
        for (int k = size; k > i; k--) {
            ring[(head + k) & mask] = ring[(head + k - 1) & mask];
        }
        ring[(head + i) & mask] = g;
        size++;
    }

    private void grow() {
        Rack.Seg[] bigger = new Rack.Seg[ring.length * 2];
        for (int k = 0; k < size; k++) {
            bigger[k] = get(k);
        }
        ring = bigger;
        head = 0;
    }
}
