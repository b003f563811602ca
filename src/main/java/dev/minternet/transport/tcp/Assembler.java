package dev.minternet.transport.tcp;

import java.util.Arrays;

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
    private long[] starts = new long[8];
    private long[] ends = new long[8];
    private int count;
    /** Stream offsets of recently received out-of-order segments, most recent first. */
    private final long[] recent = new long[4];
    private int recentCount;

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

    /** Highest end of any held range, or {@code dflt} when empty. */
    long highestEnd(long dflt) {
        return count == 0 ? dflt : ends[count - 1];
    }

    void clear() {
        count = 0;
        recentCount = 0;
    }

    /** Records {@code [s, e)} as received, merging with overlapping or adjacent ranges. */
    void add(long s, long e) {
        if (e <= s) {
            return;
        }
        touch(s);
        // First range whose end reaches s (could merge), scanning from the top where new data lands.
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
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
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
     * If the lowest range starts at or below {@code contiguousEnd}, removes it and returns the new
     * contiguous end; otherwise returns {@code contiguousEnd}. Ranges wholly below are dropped.
     */
    long advance(long contiguousEnd) {
        long end = contiguousEnd;
        int k = 0;
        while (k < count && starts[k] <= end) {
            end = Math.max(end, ends[k]);
            k++;
        }
        if (k > 0) {
            System.arraycopy(starts, k, starts, 0, count - k);
            System.arraycopy(ends, k, ends, 0, count - k);
            count -= k;
        }
        return end;
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
            int idx = find(recent[r]);
            if (idx >= 0 && !contains(out, n, starts[idx])) {
                out[2 * n] = starts[idx];
                out[2 * n + 1] = ends[idx];
                n++;
            }
        }
        for (int idx = count - 1; idx >= 0 && n < max; idx--) {
            if (!contains(out, n, starts[idx])) {
                out[2 * n] = starts[idx];
                out[2 * n + 1] = ends[idx];
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

    /** Index of the range containing offset {@code x}, or -1. */
    private int find(long x) {
        for (int k = 0; k < count; k++) {
            if (starts[k] <= x && x < ends[k]) {
                return k;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < count; k++) {
            sb.append(k == 0 ? "" : " ").append(starts[k]).append('-').append(ends[k]);
        }
        return sb.append(']').toString();
    }
}
