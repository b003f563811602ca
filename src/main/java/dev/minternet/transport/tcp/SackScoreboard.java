package dev.minternet.transport.tcp;

import java.util.Arrays;

/**
 * The sender's record of SACKed data (RFC 6675 section 3, RFC 2018): sorted, merged
 * {@code [start, end)} sequence ranges above SND.UNA that the receiver reported holding.
 *
 * <p>RFC 6675's per-octet definitions become range walks here. {@link #lossBoundary} answers
 * IsLost for every sequence number at once: IsLost(S) is monotone in S (more SACKed data lies
 * above a lower S), so one boundary L splits the unSACKed octets into lost (below L) and maybe in
 * flight (above). {@link #pipe} is SetPipe() and {@link #holeAt} the walk NextSeg() needs.
 */
final class SackScoreboard {
    private int[] starts = new int[8];
    private int[] ends = new int[8];
    private int count;

    int count() {
        return count;
    }

    boolean isEmpty() {
        return count == 0;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    void clear() {
        count = 0;
    }

    /** The highest SACKed sequence number plus one, or {@code dflt} when nothing is SACKed. */
    int highestSacked(int dflt) {
        return count == 0 ? dflt : ends[count - 1];
    }

    int sackedBytes() {
        int n = 0;
        for (int k = 0; k < count; k++) {
            n += ends[k] - starts[k];
        }
        return n;
    }

    /**
     * Adds the SACK blocks of an arriving ACK. Blocks at or below {@code una} (D-SACK, RFC 2883,
     * or stale) and blocks above {@code sndMax} (never sent: bogus) are ignored. Returns whether
     * any newly SACKed byte was recorded.
     */
    boolean update(int una, int sndMax, int[] blocks) {
        boolean grew = false;
        for (int k = 0; k + 1 < blocks.length; k += 2) {
            int l = blocks[k];
            int r = blocks[k + 1];
            if (!Seq.lt(l, r) || Seq.le(r, una) || Seq.gt(r, sndMax)) {
                continue;
            }
            if (Seq.lt(l, una)) {
                l = una;
            }
            int before = sackedBytes();
            add(l, r);
            grew |= sackedBytes() != before;
        }
        return grew;
    }

    /** Forgets everything at or below the new cumulative ACK. */
    void prune(int una) {
        int k = 0;
        while (k < count && Seq.le(ends[k], una)) {
            k++;
        }
        if (k > 0) {
            System.arraycopy(starts, k, starts, 0, count - k);
            System.arraycopy(ends, k, ends, 0, count - k);
            count -= k;
        }
        if (count > 0 && Seq.lt(starts[0], una)) {
            starts[0] = una;
        }
    }

    boolean isSacked(int seq) {
        for (int k = 0; k < count; k++) {
            if (Seq.inRange(seq, starts[k], ends[k])) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 6675 IsLost(): the lowest sequence number L such that every unSACKed octet below L is
     * deemed lost, because above it lie more than (DupThresh - 1) * SMSS SACKed bytes or at least
     * DupThresh SACKed blocks. Returns {@code una} when no octet is lost.
     */
    int lossBoundary(int una, int mss, int dupThresh) {
        long threshold = (long) (dupThresh - 1) * mss;
        long above = 0;
        int boundary = una;
        for (int k = count - 1; k >= 0; k--) {
            above += ends[k] - starts[k];
            int blocksAbove = count - k;
            if (above > threshold || blocksAbove >= dupThresh) {
                boundary = starts[k];
                break;
            }
        }
        return Seq.max(boundary, una);
    }

    /**
     * RFC 6675 SetPipe(): octets in {@code [una, sndNxt)} that are not SACKed count once if not
     * lost (below {@code lostBelow} means lost) and once more if retransmitted (below
     * {@code highRxt}).
     */
    int pipe(int una, int sndNxt, int lostBelow, int highRxt) {
        long pipe = 0;
        int cursor = una;
        for (int k = 0; k <= count; k++) {
            int holeEnd = k < count ? Seq.min(starts[k], sndNxt) : sndNxt;
            if (Seq.lt(cursor, holeEnd)) {
                pipe += overlap(cursor, holeEnd, lostBelow, holeEnd);
                pipe += overlap(cursor, holeEnd, cursor, highRxt);
            }
            if (k < count) {
                cursor = Seq.max(cursor, ends[k]);
            }
            if (!Seq.lt(cursor, sndNxt)) {
                break;
            }
        }
        return (int) Math.min(pipe, Integer.MAX_VALUE);
    }

    /** Length of {@code [a, b) ∩ [c, d)} in sequence space. */
    private static int overlap(int a, int b, int c, int d) {
        int lo = Seq.max(a, c);
        int hi = Seq.min(b, d);
        return Seq.lt(lo, hi) ? hi - lo : 0;
    }

    /**
     * The lowest unSACKed sequence number at or above {@code from}; may be at or past the end of
     * the data sent, which means there is no hole.
     */
    int holeAt(int from) {
        int s = from;
        for (int k = 0; k < count; k++) {
            if (Seq.le(ends[k], s)) {
                continue;
            }
            if (Seq.le(starts[k], s)) {
                s = ends[k];
            } else {
                break;
            }
        }
        return s;
    }

    /** The start of the first SACKed block above {@code seq}, or {@code limit} if none is lower. */
    int holeEnd(int seq, int limit) {
        for (int k = 0; k < count; k++) {
            if (Seq.gt(starts[k], seq)) {
                return Seq.min(starts[k], limit);
            }
        }
        return limit;
    }

    private void add(int s, int e) {
        int i = count;
        while (i > 0 && Seq.ge(ends[i - 1], s)) {
            i--;
        }
        int j = i;
        while (j < count && Seq.le(starts[j], e)) {
            s = Seq.min(s, starts[j]);
            e = Seq.max(e, ends[j]);
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

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < count; k++) {
            sb.append(k == 0 ? "" : " ").append(Seq.str(starts[k])).append('-').append(Seq.str(ends[k]));
        }
        return sb.append(']').toString();
    }
}
