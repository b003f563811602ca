package dev.minternet.transport.tcp;

/**
 * Reno congestion control (RFC 5681) as used with NewReno recovery (RFC 6582): slow start, then
 * congestion avoidance adding one SMSS per window of ACKed bytes (RFC 5681 3.1, byte counting as
 * RFC 3465 recommends), and halving on loss as Linux's {@code tcp_reno_ssthresh} does: half of
 * cwnd, not of FlightSize (RFC 5681 eq. 4).
 */
final class NewReno extends CongestionControl {
    /** Bytes ACKed since cwnd last grew in congestion avoidance (RFC 3465 bytes_acked). */
    private long bytesAcked;

    @Override
    public String name() {
        return "reno";
    }

    @Override
    protected void congestionAvoidance(long now, int acked, long srtt) {
        bytesAcked += acked;
        if (bytesAcked >= cwnd) {
            bytesAcked -= cwnd;
            cwnd += mss;
        }
    }

    /**
     * Linux's {@code tcp_reno_ssthresh} (net/ipv4/tcp_cong.c): {@code max(tcp_snd_cwnd(tp) >> 1U,
     * 2U)}, half of cwnd in segments, at least 2, whatever is in flight. Linux counts cwnd in
     * packets where this class counts bytes: cwnd / mss (rounded down, dropping a partial segment
     * that byte counting may have added, as {@link Cubic} counts it) is Linux's snd_cwnd, and
     * the result is that many whole segments in bytes. RFC 5681 eq. 4 halves FlightSize instead,
     * which is smaller when the sender is application-limited or data was SACKed.
     */
    private int linuxSsthresh() {
        int segments = cwnd / mss;
        return Math.max(segments >> 1, 2) * mss;
    }

    /** Linux tcp_init_cwnd_reduction: ssthresh from cwnd before the reduction (PRR paces down to it). */
    @Override
    public void onCongestionEvent(long now) {
        ssthresh = linuxSsthresh();
        cwnd = ssthresh;
        bytesAcked = 0;
    }

    /** Linux tcp_enter_loss: the same ssthresh, once per episode ({@code first}). */
    @Override
    public void onRetransmitTimeout(long now, boolean first) {
        if (first) {
            ssthresh = linuxSsthresh();
        }
        cwnd = mss; // RFC 5681 3.1: the loss window LW is one full-sized segment
        bytesAcked = 0;
    }
}
