package dev.minternet.transport.tcp;

/**
 * Out-of-order bookkeeping for the receive side (smoltcp's "assembler"): the byte ranges that
 * arrived above the next expected byte, as sorted, non-overlapping, non-adjacent
 * {@code [start, end)} stream offsets. The bytes themselves already sit in the receive ring.
 *
 * <p>It also remembers which ranges were touched most recently, because RFC 2018 4 wants the first
 * SACK block to report the most recently received segment and the following blocks the most
 * recently reported ones.
 */
final class Assembler {
    private final RangeSet ranges = new RangeSet();
    /** Stream offsets of recently received out-of-order segments, most recent first. */
    private final long[] recent = new long[4];
    private int recentCount;

    int count() {
        return ranges.count();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Highest end of any held range, or {@code dflt} when empty. */
    long highestEnd(long dflt) {
        return ranges.highestEnd(dflt);
    }

    /** Records {@code [s, e)} as received, merging with overlapping or adjacent ranges. */
    void add(long s, long e) {
        if (e <= s) {
            return;
        }
        touch(s);
        ranges.add(s, e);
    }

    /**
     * If the lowest range starts at or below {@code contiguousEnd}, removes it and returns the new
     * contiguous end; otherwise returns {@code contiguousEnd}. Ranges wholly below are dropped.
     */
    long advance(long contiguousEnd) {
        return ranges.advance(contiguousEnd);
    }

    private void touch(long s) {
        int k = 0;
        while (k < recentCount && recent[k] != s) {
            k++;
        }
        if (k == recentCount && recentCount < recent.length) {
            recentCount++;
        }
        for (int m = Math.min(k, recent.length - 1); m > 0; m--) {
            recent[m] = recent[m - 1];
        }
        recent[0] = s;
    }

    /**
     * Writes up to {@code max} ranges as (start, end) pairs into {@code out}, most recently touched
     * first, then the highest others. Returns the number of ranges written.
     */
    int recentRanges(long[] out, int max) {
        int n = 0;
        for (int r = 0; r < recentCount && n < max; r++) {
            int idx = ranges.indexOf(recent[r]);
            if (idx >= 0 && !contains(out, n, ranges.start(idx))) {
                out[2 * n] = ranges.start(idx);
                out[2 * n + 1] = ranges.end(idx);
                n++;
            }
        }
        for (int idx = ranges.count() - 1; idx >= 0 && n < max; idx--) {
            if (!contains(out, n, ranges.start(idx))) {
                out[2 * n] = ranges.start(idx);
                out[2 * n + 1] = ranges.end(idx);
                n++;
            }
        }
        return n;
    }

    private static boolean contains(long[] out, int n, long start) {
        for (int k = 0; k < n; k++) {
            if (out[2 * k] == start) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < ranges.count(); k++) {
            sb.append(k == 0 ? "" : " ").append(ranges.start(k)).append('-').append(ranges.end(k));
        }
        return sb.append(']').toString();
    }
}
