package dev.minternet.services.media;

/**
 * What a receiver keeps about one source (RFC 3550 appendix A.1, A.3, A.8): the extended highest
 * sequence number, packets received and expected, and the interarrival jitter. Without the
 * probation of A.1 (a source is valid from its first packet) and without its resynchronization
 * after a large jump: this receiver hears one well-behaved sender.
 */
public final class ReceptionStats {
    static final int RTP_SEQ_MOD = 1 << 16;
    static final int MAX_DROPOUT = 3000;
    static final int MAX_MISORDER = 100;

    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private long received;
    private long duplicatesOrOld;
    private long expectedPrior;
    private long receivedPrior;
    private long transit;
    private boolean haveTransit;
    /** The jitter estimate scaled by 16, as in A.8's integer form. */
    private long jitter16;
    private boolean started;

    /** Takes in a packet: its sequence number, its RTP timestamp and its arrival in timestamp units. */
    public void update(int seq, long timestamp, long arrival) {
        if (!started) {
            started = true;
            baseSeq = seq;
            maxSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta < MAX_DROPOUT) {
                if (seq < maxSeq) {
                    cycles += RTP_SEQ_MOD;
                }
                maxSeq = seq;
            } else if (delta <= RTP_SEQ_MOD - MAX_MISORDER) {
                duplicatesOrOld++; // a very large jump: A.1 would resynchronize after two in a row; this receiver ignores it
                return;
            }
            // else: a duplicate or a reordered packet, counted as received
        }
        received++;
        // A.8: D(i-1,i) = (Rj - Ri) - (Sj - Si), J += (|D| - J) / 16, in 32-bit timestamp arithmetic
        long t = (arrival - timestamp) & 0xFFFFFFFFL;
        if (haveTransit) {
            long d = (int) (t - transit);
            if (d < 0) {
                d = -d;
            }
            jitter16 += d - ((jitter16 + 8) >> 4);
        }
        transit = t;
        haveTransit = true;
    }

    public boolean started() {
        return started;
    }

    public long extendedMax() {
        return cycles + maxSeq;
    }

    public long expected() {
        return extendedMax() - baseSeq + 1;
    }

    public long received() {
        return received;
    }

    /** Cumulative lost (A.3), clamped to the 24-bit signed field. */
    public int cumulativeLost() {
        long lost = expected() - received;
        return (int) Math.max(-0x800000, Math.min(0x7FFFFF, lost));
    }

    /** The interarrival jitter in timestamp units (A.8: the estimate shifted down by 4). */
    public long jitter() {
        return jitter16 >> 4;
    }

    /** The fraction lost since the previous call (A.3), in 1/256; moves the interval on. */
    public int nextFractionLost() {
        long expected = expected();
        long expectedInterval = expected - expectedPrior;
        expectedPrior = expected;
        long receivedInterval = received - receivedPrior;
        receivedPrior = received;
        long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0) {
            return 0;
        }
        return (int) ((lostInterval << 8) / expectedInterval);
    }
}
