package dev.minternet.transport.tcp;

/**
 * The sender's record of SACKed data (RFC 6675 section 3, RFC 2018): sorted, merged
 * {@code [start, end)} sequence ranges above SND.UNA that the receiver reported holding.
 *
 * <p>RFC 6675's per-octet definitions become range walks here. {@link #lossBoundary} answers
 * IsLost for every sequence number at once: IsLost(S) is monotone in S (more SACKed data lies
 * above a lower S), so one boundary L splits the unSACKed octets into lost (below L) and maybe in
 * flight (above). {@link #pipe} is SetPipe() and {@link #holeAt} the walk NextSeg() needs.
 *
 * <p>The ranges are held in a {@link RangeSet} as 64-bit positions: a sequence number {@code s}
 * sits at {@code origin + (s - base)}, where {@code base} follows SND.UNA. Everything the
 * scoreboard holds or is asked about lies within a window (less than 2^31) of SND.UNA, so the
 * unwrapped positions compare exactly as the sequence numbers do modulo 2^32 (RFC 9293 3.4).
 */
final class SackScoreboard {
    private final RangeSet ranges = new RangeSet();
    /** The sequence number at position {@link #origin}: SND.UNA as of the last update or prune. */
    private int base;
    private long origin;

    int count() {
        return ranges.count();
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    int start(int i) {
        return seq(ranges.start(i));
    }

    int end(int i) {
        return seq(ranges.end(i));
    }

    /** The highest SACKed sequence number plus one, or {@code dflt} when nothing is SACKed. */
    int highestSacked(int dflt) {
        return ranges.isEmpty() ? dflt : seq(ranges.highestEnd(0));
    }

    int sackedBytes() {
        return (int) ranges.total();
    }

    /**
     * Adds the SACK blocks of an arriving ACK. Blocks at or below {@code una} (D-SACK, RFC 2883,
     * or stale) and blocks above {@code sndMax} (never sent: bogus) are ignored. Returns whether
     * any newly SACKed byte was recorded.
     */
    boolean update(int una, int sndMax, int[] blocks) {
        rebase(una);
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
            long before = ranges.total();
            ranges.add(pos(l), pos(r));
            grew |= ranges.total() != before;
        }
        return grew;
    }

    /** Forgets everything at or below the new cumulative ACK. */
    void prune(int una) {
        rebase(una);
        ranges.removeBelow(pos(una));
    }

    /**
     * RFC 6675 IsLost(): the lowest sequence number L such that every unSACKed octet below L is
     * deemed lost, because above it lie more than (DupThresh - 1) * SMSS SACKed bytes or at least
     * DupThresh SACKed blocks. Returns {@code una} when no octet is lost.
     */
    int lossBoundary(int una, int mss, int dupThresh) {
        long threshold = (long) (dupThresh - 1) * mss;
        long above = 0;
        long boundary = pos(una);
        int count = ranges.count();
        for (int k = count - 1; k >= 0; k--) {
            above += ranges.end(k) - ranges.start(k);
            int blocksAbove = count - k;
            if (above > threshold || blocksAbove >= dupThresh) {
                boundary = Math.max(boundary, ranges.start(k));
                break;
            }
        }
        return seq(boundary);
    }

    /**
     * RFC 6675 SetPipe(): octets in {@code [una, sndNxt)} that are not SACKed count once if not
     * lost (below {@code lostBelow} means lost) and once more if retransmitted (below
     * {@code highRxt}).
     */
    int pipe(int una, int sndNxt, int lostBelow, int highRxt) {
        long nxt = pos(sndNxt);
        long lost = pos(lostBelow);
        long rxt = pos(highRxt);
        long pipe = 0;
        long cursor = pos(una);
        int count = ranges.count();
        for (int k = 0; k <= count; k++) {
            long holeEnd = k < count ? Math.min(ranges.start(k), nxt) : nxt;
            if (cursor < holeEnd) {
                pipe += overlap(cursor, holeEnd, lost, holeEnd);
                pipe += overlap(cursor, holeEnd, cursor, rxt);
            }
            if (k < count) {
                cursor = Math.max(cursor, ranges.end(k));
            }
            if (cursor >= nxt) {
                break;
            }
        }
        return (int) Math.min(pipe, Integer.MAX_VALUE);
    }

    /** Length of {@code [a, b) ∩ [c, d)}. */
    private static long overlap(long a, long b, long c, long d) {
        long lo = Math.max(a, c);
        long hi = Math.min(b, d);
        return lo < hi ? hi - lo : 0;
    }

    /**
     * The lowest unSACKed sequence number at or above {@code from}; may be at or past the end of
     * the data sent, which means there is no hole.
     */
    int holeAt(int from) {
        long s = pos(from);
        for (int k = 0; k < ranges.count(); k++) {
            if (ranges.end(k) <= s) {
                continue;
            }
            if (ranges.start(k) <= s) {
                s = ranges.end(k);
            } else {
                break;
            }
        }
        return seq(s);
    }

    /** The start of the first SACKed block above {@code seq}, or {@code limit} if none is lower. */
    int holeEnd(int seq, int limit) {
        long p = pos(seq);
        for (int k = 0; k < ranges.count(); k++) {
            if (ranges.start(k) > p) {
                return Seq.min(seq(ranges.start(k)), limit);
            }
        }
        return limit;
    }

    /** Moves {@code base} to SND.UNA, keeping every held position. */
    private void rebase(int una) {
        origin += una - base;
        base = una;
    }

    private long pos(int seq) {
        return origin + (seq - base);
    }

    private int seq(long pos) {
        return base + (int) (pos - origin);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int k = 0; k < ranges.count(); k++) {
            sb.append(k == 0 ? "" : " ").append(Seq.str(start(k))).append('-').append(Seq.str(end(k)));
        }
        return sb.append(']').toString();
    }
}
