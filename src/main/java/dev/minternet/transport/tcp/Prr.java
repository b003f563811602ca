package dev.minternet.transport.tcp;

/**
 * Proportional Rate Reduction (RFC 6937, the PRR-SSRB variant), which Linux and ns-3 use during
 * SACK-based fast recovery. Instead of RFC 6675's pause until pipe falls below the new cwnd and
 * the burst after, recovery sends in proportion to what the receiver reports delivered, so that
 * by the end of recovery the data in flight has come down smoothly to ssthresh.
 */
final class Prr {
    /** prr_delivered: bytes delivered to the receiver since recovery began. */
    private long delivered;
    /** prr_out: bytes sent since recovery began. */
    private long out;
    /** RecoverFS: FlightSize when recovery began. */
    private int recoverFs = 1;
    /** DeliveredData of the latest ACK, until a quota consumed it. */
    private int lastDelivered;

    /** Recovery starts: "RecoverFS = snd.nxt - snd.una; prr_delivered = 0; prr_out = 0". */
    void start(int flightSize) {
        recoverFs = Math.max(1, flightSize);
        delivered = 0;
        out = 0;
        lastDelivered = 0;
    }

    /** An ACK reported {@code bytes} delivered: change_in(snd.una) + change_in(SACKd). */
    void onDelivered(int bytes) {
        delivered += bytes;
        lastDelivered = bytes;
    }

    /** "On any data transmission or retransmission: prr_out += (data sent)". */
    void onSent(int bytes) {
        out += bytes;
    }

    /**
     * sndcnt: how many bytes may be sent now. While pipe is above ssthresh, sending follows
     * deliveries in the proportion ssthresh / RecoverFS; at or below it, slow start catches up to
     * ssthresh, at most one SMSS beyond what was delivered (the slow start reduction bound).
     */
    long quota(int pipe, int ssthresh, int smss) {
        long sndcnt;
        if (pipe > ssthresh) {
            sndcnt = (delivered * ssthresh + recoverFs - 1) / recoverFs - out; // CEIL(...) - prr_out
        } else {
            long limit = Math.max(delivered - out, lastDelivered) + smss;
            sndcnt = Math.min((long) ssthresh - pipe, limit);
        }
        lastDelivered = 0;
        return sndcnt;
    }
}
