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
    /** RecoverFS: Linux's prior_cwnd, cwnd when recovery began. */
    private int recoverFs = 1;
    /** DeliveredData of the latest ACK, until a quota consumed it. */
    private int lastDelivered;
    /** Whether the latest ACK advanced SND.UNA (Linux FLAG_SND_UNA_ADVANCED), until a quota consumed it. */
    private boolean unaAdvanced;

    /**
     * Recovery starts (Linux tcp_init_cwnd_reduction): "prr_delivered = 0; prr_out = 0", and
     * RecoverFS is prior_cwnd, the cwnd before the reduction (RFC 6937 takes snd.nxt - snd.una).
     */
    void start(int priorCwnd) {
        recoverFs = Math.max(1, priorCwnd);
        delivered = 0;
        out = 0;
        lastDelivered = 0;
        unaAdvanced = false;
    }

    /**
     * An ACK reported {@code bytes} delivered: change_in(snd.una) + change_in(SACKd);
     * {@code advanced}: it moved SND.UNA.
     */
    void onDelivered(int bytes, boolean advanced) {
        delivered += bytes;
        lastDelivered = bytes;
        unaAdvanced = advanced;
    }

    /** "On any data transmission or retransmission: prr_out += (data sent)". */
    void onSent(int bytes) {
        out += bytes;
    }

    /**
     * sndcnt: how many bytes may be sent now (Linux tcp_cwnd_reduction). While pipe is above
     * ssthresh, sending follows deliveries in the proportion ssthresh / RecoverFS; at or below it,
     * as much as was delivered, up to ssthresh, and one SMSS more only when the ACK advanced
     * SND.UNA and marked nothing newly lost ({@code newlyLost}): "if (flag &amp;
     * FLAG_SND_UNA_ADVANCED &amp;&amp; !newly_lost) sndcnt++" (RFC 6937's slow start reduction bound
     * adds the SMSS on every ACK).
     */
    long quota(int pipe, int ssthresh, int smss, boolean newlyLost) {
        long sndcnt;
        if (pipe > ssthresh) {
            sndcnt = (delivered * ssthresh + recoverFs - 1) / recoverFs - out; // CEIL(...) - prr_out
        } else {
            long limit = Math.max(delivered - out, lastDelivered) + (unaAdvanced && !newlyLost ? smss : 0);
            sndcnt = Math.min((long) ssthresh - pipe, limit);
        }
        lastDelivered = 0;
        unaAdvanced = false;
        return sndcnt;
    }
}
