package dev.minternet.transport.tcp;

/**
 * Reno congestion control (RFC 5681) as used with NewReno recovery (RFC 6582): slow start, then
 * congestion avoidance adding one SMSS per window of ACKed bytes (RFC 5681 3.1, byte counting as
 * RFC 3465 recommends), and halving on loss.
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

    @Override
    public void onCongestionEvent(long now, int flightSize) {
        // RFC 5681 eq. 4: ssthresh = max(FlightSize / 2, 2 * SMSS).
        ssthresh = Math.max(flightSize / 2, 2 * mss);
        cwnd = ssthresh;
        bytesAcked = 0;
    }

    @Override
    public void onRetransmitTimeout(long now, int flightSize, boolean first) {
        if (first) {
            ssthresh = Math.max(flightSize / 2, 2 * mss);
        }
        cwnd = mss; // RFC 5681 3.1: the loss window LW is one full-sized segment
        bytesAcked = 0;
    }
}
