package dev.minternet.transport.tcp;

/**
 * The timer a connection has pending, as Linux reports it to {@code ss -o} (inet_diag's
 * idiag_timer, idiag_expires, idiag_retrans) and to {@code netstat -o} (/proc/net/tcp's
 * {@code tr tm->when retrnsmt}): the retransmission timer ({@code on}, with the retransmissions
 * made since the last progress), else the zero-window probe timer ({@code persist}, with the
 * probes sent), else TIME-WAIT's (also FIN-WAIT-2's tcp_fin_timeout, which Linux runs on a
 * time-wait socket). The delayed ACK is not reported, as Linux does not; there is no keepalive.
 *
 * @param kind 1 on, 3 timewait, 4 persist (idiag_timer's numbers); 0 none
 * @param remaining simulated ns until it fires (0 when none)
 * @param count retransmissions (on) or probes (persist), else 0
 */
public record PendingTimer(int kind, long remaining, int count) {
    public static final int NONE = 0;
    public static final int ON = 1;
    public static final int TIMEWAIT = 3;
    public static final int PERSIST = 4;

    /** What {@code c} has pending at simulated time {@code now}. */
    public static PendingTimer of(TcpConnection c, long now) {
        long rtx = c.deadline(TcpTimer.RETRANSMIT);
        if (rtx != Long.MAX_VALUE) {
            boolean handshake = c.state() == TcpState.SYN_SENT || c.state() == TcpState.SYN_RECEIVED;
            return new PendingTimer(ON, Math.max(0, rtx - now), handshake ? c.retries : c.rtoEstimator().backoffCount());
        }
        long persist = c.deadline(TcpTimer.PERSIST);
        if (persist != Long.MAX_VALUE) {
            return new PendingTimer(PERSIST, Math.max(0, persist - now), c.snd.persistProbes());
        }
        long tw = c.deadline(TcpTimer.TIME_WAIT);
        if (tw != Long.MAX_VALUE) {
            return new PendingTimer(TIMEWAIT, Math.max(0, tw - now), 0);
        }
        return new PendingTimer(NONE, 0, 0);
    }
}
