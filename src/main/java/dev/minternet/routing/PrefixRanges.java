package dev.minternet.routing;

import java.util.Arrays;

/**
 * The world's IPv4 prefixes flattened into address ranges for {@link GlobalRouting}'s lookups: the
 * address space cut where a prefix begins or ends, each range holding the prefixes that cover it,
 * longest first; neighbouring ranges whose prefixes have the same lengths and the same owners are
 * one range. A lookup is a binary search over the range starts, a table as small as the distinct
 * owners are few (a router's hosts' /30s, numbered one after the other, make one range), where a
 * hash table of every prefix is fetched from memory for each datagram once the world has more
 * than some ten thousand hosts. The route's prefix is the destination under the matching length.
 */
final class PrefixRanges {
    /** Bits of a prefix id in the sort key (under the start's 32 and the length's 6). */
    private static final int ID_BITS = 25;
    /** Range starts, sign-flipped ({@code start ^ MIN_VALUE}) so that a signed search orders them as unsigned. */
    private final int[] starts;
    /** Per range: its prefixes' ids (the {@code GlobalRouting} prefix numbers), longest first; none for a gap. */
    private final int[][] chains;

    private PrefixRanges(int[] starts, int[][] chains) {
        this.starts = starts;
        this.chains = chains;
    }

    /**
     * Builds the ranges of prefixes {@code 0..count-1}, prefix {@code p} being {@code net[p]/len[p]}
     * (masked, each distinct) owned by the core nodes {@code owners[p]}.
     */
    static PrefixRanges of(int[] net, int[] len, int[][] owners, int count) {
        if (count >= 1 << ID_BITS) {
            throw new IllegalStateException("too many prefixes for global routing: " + count);
        }
        long[] order = new long[count];
        for (int p = 0; p < count; p++) {
            // by start, then the shorter (enclosing) prefix first; the id in the low bits
            order[p] = (Integer.toUnsignedLong(net[p]) << (ID_BITS + 6)) | ((long) len[p] << ID_BITS) | p;
        }
        Arrays.sort(order);
        Builder b = new Builder(len, owners);
        int[] stack = new int[33];
        int depth = 0;
        long cur = 0; // the first address not yet in a range
        for (long o : order) {
            int p = (int) (o & ((1 << ID_BITS) - 1));
            long start = Integer.toUnsignedLong(net[p]);
            while (depth > 0 && end(net, len, stack[depth - 1]) < start) {
                cur = close(b, cur, stack, depth, end(net, len, stack[depth - 1]));
                depth--;
            }
            if (cur < start) {
                b.add(cur, stack, depth);
                cur = start;
            }
            stack[depth++] = p;
        }
        while (depth > 0) {
            cur = close(b, cur, stack, depth, end(net, len, stack[depth - 1]));
            depth--;
        }
        if (cur <= 0xffff_ffffL) {
            b.add(cur, stack, 0);
        }
        return new PrefixRanges(Arrays.copyOf(b.starts, b.n), Arrays.copyOf(b.chains, b.n));
    }

    /**
     * The innermost open prefix, {@code stack[depth - 1]}, ends at {@code end}: what is left of it
     * from {@code cur} (nothing when an inner prefix ended there too) is a range; returns the next
     * address not yet in a range.
     */
    private static long close(Builder b, long cur, int[] stack, int depth, long end) {
        if (cur <= end) {
            b.add(cur, stack, depth);
            return end + 1;
        }
        return cur;
    }

    /** The last address of prefix {@code p}. */
    private static long end(int[] net, int[] len, int p) {
        return Integer.toUnsignedLong(net[p]) + (1L << (32 - len[p])) - 1;
    }

    /** The ids of the prefixes covering {@code dst}, longest first (empty: none). */
    int[] covering(int dst) {
        int i = Arrays.binarySearch(starts, dst ^ Integer.MIN_VALUE);
        return chains[i >= 0 ? i : -i - 2];
    }

    /** How many ranges there are (for tests and the docs' figures). */
    int size() {
        return starts.length;
    }

    /** Appends ranges, merging one into the range before it when their prefixes match in length and owners. */
    private static final class Builder {
        private final int[] len;
        private final int[][] owners;
        int[] starts = new int[16];
        int[][] chains = new int[16][];
        int n;

        Builder(int[] len, int[][] owners) {
            this.len = len;
            this.owners = owners;
        }

        /** A range from {@code start} covered by {@code stack[0..depth)} (outermost first). */
        void add(long start, int[] stack, int depth) {
            if (n > 0 && same(chains[n - 1], stack, depth)) {
                return;
            }
            if (n == starts.length) {
                starts = Arrays.copyOf(starts, n * 2);
                chains = Arrays.copyOf(chains, n * 2);
            }
            int[] c = new int[depth];
            for (int k = 0; k < depth; k++) {
                c[k] = stack[depth - 1 - k];
            }
            starts[n] = (int) start ^ Integer.MIN_VALUE;
            chains[n++] = c;
        }

        private boolean same(int[] chain, int[] stack, int depth) {
            if (chain.length != depth) {
                return false;
            }
            for (int k = 0; k < depth; k++) {
                int a = chain[k];
                int b = stack[depth - 1 - k];
                if (a != b && (len[a] != len[b] || !Arrays.equals(owners[a], owners[b]))) {
                    return false;
                }
            }
            return true;
        }
    }
}
