package dev.minternet.transport.tcp;

import java.util.Arrays;

/**
 * Sorted, disjoint, non-adjacent {@code [start, end)} ranges of 64-bit positions: the one range
 * set behind the receiver's {@link Assembler} (stream offsets of out-of-order data) and the
 * sender's {@link SackScoreboard} (sequence numbers of SACKed data, unwrapped to 64 bits so that
 * plain comparisons hold across the 2^32 wrap). Adding merges overlapping and adjacent ranges.
 */
final class RangeSet {
    private static final long[] NONE = new long[0];

    // Allocated at the first range: most connections never see one out of order.
    private long[] starts = NONE;
    private long[] ends = NONE;
    private int count;

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    long start(int i) {
        return starts[i];
    }

    long end(int i) {
        return ends[i];
    }

    /** The highest end of any range, or {@code dflt} when empty. */
    long highestEnd(long dflt) {
        return count == 0 ? dflt : ends[count - 1];
    }

    /** The number of positions covered. */
    long total() {
        long n = 0;
        for (int k = 0; k < count; k++) {
            n += ends[k] - starts[k];
        }
        return n;
    }

    /** Index of the range containing {@code x}, or -1. */
    int indexOf(long x) {
        for (int k = 0; k < count; k++) {
            if (starts[k] <= x && x < ends[k]) {
                return k;
            }
        }
        return -1;
    }

    /** Adds {@code [s, e)} ({@code s < e}), merging it with overlapping or adjacent ranges. */
    void add(long s, long e) {
        // The first range whose end reaches s (could merge), scanning from the top where TCP's
        // new data lands.
        int i = count;
        while (i > 0 && ends[i - 1] >= s) {
            i--;
        }
        // Ranges [i, j) overlap or touch [s, e).
        int j = i;
        while (j < count && starts[j] <= e) {
            s = Math.min(s, starts[j]);
            e = Math.max(e, ends[j]);
            j++;
        }
        int removed = j - i;
        if (removed == 0) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, Math.max(8, count * 2));
                ends = Arrays.copyOf(ends, Math.max(8, count * 2));
            }
            System.arraycopy(starts, i, starts, i + 1, count - i);
            System.arraycopy(ends, i, ends, i + 1, count - i);
            count++;
        } else if (removed > 1) {
            System.arraycopy(starts, j, starts, i + 1, count - j);
            System.arraycopy(ends, j, ends, i + 1, count - j);
            count -= removed - 1;
        }
        starts[i] = s;
        ends[i] = e;
    }

    /**
     * Removes the ranges that start at or below {@code x} and returns the highest of {@code x} and
     * their ends: where contiguous data reaching {@code x} now ends.
     */
    long advance(long x) {
        long end = x;
        int k = 0;
        while (k < count && starts[k] <= end) {
            end = Math.max(end, ends[k]);
            k++;
        }
        drop(k);
        return end;
    }

    /** Forgets every position below {@code x}: whole ranges, and the front of one straddling it. */
    void removeBelow(long x) {
        int k = 0;
        while (k < count && ends[k] <= x) {
            k++;
        }
        drop(k);
        if (count > 0 && starts[0] < x) {
            starts[0] = x;
        }
    }

    private void drop(int k) {
        if (k > 0) {
            System.arraycopy(starts, k, starts, 0, count - k);
            System.arraycopy(ends, k, ends, 0, count - k);
            count -= k;
        }
    }
}
