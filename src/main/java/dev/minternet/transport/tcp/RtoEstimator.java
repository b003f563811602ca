package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;

/**
 * The retransmission timeout of RFC 6298: SRTT and RTTVAR from RTT samples (section 2),
 * exponential backoff on expiry (5.5), bounds (2.4, 2.5). Samples follow Karn's algorithm: the
 * caller never feeds a sample taken from a retransmitted segment (section 3).
 */
public final class RtoEstimator {
    /** Linux TCP_RTO_MIN. RFC 6298 2.4 says 1 s; Linux and most deployed stacks use 200 ms. */
    public static final long MIN_RTO = 200 * Durations.MS;
    /** Linux TCP_RTO_MAX; RFC 6298 2.5 allows any maximum of at least 60 s. */
    public static final long MAX_RTO = 120 * Durations.S;
    /** RFC 6298 2.1: before any sample, RTO = 1 s. */
    public static final long INITIAL_RTO = Durations.S;
    /** RFC 6298 5.7: after a retransmitted SYN, data transfer starts with RTO = 3 s. */
    public static final long SYN_RETRANSMITTED_RTO = 3 * Durations.S;
    /** Clock granularity G of RFC 6298 2.2; the simulated clock has 1 ns, Linux 1 jiffy. */
    public static final long CLOCK_GRANULARITY = Durations.MS;

    private long srtt;
    private long rttvar;
    private long base = INITIAL_RTO;
    private int backoff;
    private boolean hasSample;
    private long latest;
    private long minRtt = Long.MAX_VALUE;

    /** RFC 6298 2.2 and 2.3: folds one RTT measurement into SRTT and RTTVAR. */
    public void sample(long rtt) {
        if (rtt < 0) {
            return;
        }
        latest = rtt;
        minRtt = Math.min(minRtt, rtt);
        if (!hasSample) {
            srtt = rtt;
            rttvar = rtt / 2;
            hasSample = true;
        } else {
            // alpha = 1/8, beta = 1/4
            rttvar = rttvar - (rttvar >> 2) + (Math.abs(srtt - rtt) >> 2);
            srtt = srtt - (srtt >> 3) + (rtt >> 3);
        }
        base = clamp(srtt + Math.max(CLOCK_GRANULARITY, 4 * rttvar));
        backoff = 0;
    }

    /** RFC 6298 5.5: doubles the timeout after an expiry (capped at {@link #MAX_RTO}). */
    public void backOff() {
        if (rto() < MAX_RTO) {
            backoff++;
        }
    }

    /** Forgets the backoff (a new RTT sample arrived or the connection made progress). */
    public void resetBackoff() {
        backoff = 0;
    }

    public int backoffCount() {
        return backoff;
    }

    /** RFC 6298 5.7: the initial RTO after a retransmitted SYN, when no sample exists yet. */
    public void synRetransmitted() {
        if (!hasSample) {
            base = SYN_RETRANSMITTED_RTO;
        }
    }

    /** The current timeout including backoff, in ns. */
    public long rto() {
        long r = base;
        for (int i = 0; i < backoff && r < MAX_RTO; i++) {
            r <<= 1;
        }
        return Math.min(r, MAX_RTO);
    }

    public boolean hasSample() {
        return hasSample;
    }

    /** Smoothed RTT in ns, 0 before the first sample. */
    public long srtt() {
        return srtt;
    }

    public long rttvar() {
        return rttvar;
    }

    /** The most recent sample, 0 before the first. */
    public long latest() {
        return latest;
    }

    /** The smallest sample seen, or 0 before the first. */
    public long minRtt() {
        return hasSample ? minRtt : 0;
    }

    private static long clamp(long r) {
        return Math.max(MIN_RTO, Math.min(MAX_RTO, r));
    }
}
