package dev.minternet.transport.tcp;

/**
 * A congestion control algorithm (ns-3 and Linux style: pluggable, one class each). It owns
 * {@code cwnd} and {@code ssthresh} in bytes and decides how they react to ACKs and to loss;
 * which segments to retransmit is {@link LossRecovery}'s business (RFC 6675 / RFC 6582).
 *
 * <p>{@link LossRecovery} calls {@link #onAck} for ACKs of new data outside fast recovery,
 * {@link #onCongestionEvent} once when fast retransmit starts a recovery episode,
 * {@link #onRecoveryExit} when a NewReno recovery ends (with SACK, PRR sets cwnd to ssthresh),
 * and {@link #onRetransmitTimeout} when the RTO fires.
 */
public abstract class CongestionControl {
    protected int mss;
    protected int cwnd;
    protected int ssthresh = Integer.MAX_VALUE; // RFC 5681 3.1: "arbitrarily high" at first
    private HyStart hystart;

    /** The algorithm's name as {@code ss -i} and sysctl spell it ("cubic", "reno"). */
    public abstract String name();

    /** RFC 6928 initial window; RFC 5681 3.1 initial ssthresh. */
    public void init(int mss) {
        this.mss = mss;
        this.cwnd = TcpConfig.INITIAL_CWND_SEGMENTS * mss;
    }

    /** The MSS changed (path MTU discovery); cwnd keeps its segment count. */
    public void mssChanged(int newMss) {
        if (newMss <= 0 || newMss == mss) {
            return;
        }
        long segs = Math.max(1, cwnd / mss);
        cwnd = (int) Math.min(Integer.MAX_VALUE, segs * newMss);
        mss = newMss;
    }

    public int cwnd() {
        return cwnd;
    }

    public int ssthresh() {
        return ssthresh;
    }

    public int mss() {
        return mss;
    }

    /** Sets cwnd directly: NewReno fast recovery inflates and deflates it (RFC 6582 3.2). */
    public void setCwnd(int bytes) {
        cwnd = Math.max(mss, bytes);
    }

    /**
     * New data was cumulatively acknowledged outside recovery: slow start while cwnd is below
     * ssthresh, then {@link #congestionAvoidance} with what slow start left over.
     *
     * @param acked bytes newly acknowledged
     * @param srtt smoothed RTT in ns (0 before the first sample)
     * @param cwndLimited whether the sender was limited by cwnd (RFC 7661: an application- or
     *     receiver-limited sender must not grow cwnd it does not use)
     */
    public final void onAck(long now, int acked, long srtt, boolean cwndLimited) {
        onAck(now, acked, srtt, cwndLimited, 0, 0, 0);
    }

    /**
     * As {@link #onAck(long, int, long, boolean)}, with what HyStart++ (RFC 9406) needs when it is
     * on: the new SND.UNA, SND.NXT and this ACK's RTT sample in ns (0: none).
     */
    final void onAck(long now, int acked, long srtt, boolean cwndLimited, int ack, int sndNxt, long rtt) {
        if (rtt > 0) {
            rttSample(now, rtt);
        }
        if (!cwndLimited) {
            return;
        }
        if (cwnd < ssthresh) {
            int divisor = 1;
            if (hystart != null && hystart.active() && ssthresh == Integer.MAX_VALUE) {
                divisor = hystart.onAck(ack, sndNxt, rtt);
                if (divisor == 0) {
                    ssthresh = cwnd; // RFC 9406 4.2: after CSS, congestion avoidance
                    return;
                }
            }
            acked = slowStart(Math.max(1, acked / divisor));
            if (acked == 0 || divisor != 1) {
                return;
            }
        }
        congestionAvoidance(now, acked, srtt);
    }

    /** Turns HyStart++ on for the initial slow start (RFC 9406). */
    void enableHyStart() {
        hystart = new HyStart();
    }

    /** A loss or timeout ends HyStart++ (RFC 9406 4.2). */
    void stopHyStart() {
        if (hystart != null) {
            hystart.stop();
        }
    }

    /** Whether slow start is in HyStart++'s Conservative Slow Start (for the trace and ss). */
    boolean inCss() {
        return hystart != null && hystart.inCss();
    }

    /** An RTT sample of an ACK of new data, in ns; most algorithms ignore it. */
    protected void rttSample(long now, long rtt) {
    }

    /**
     * Linux's pkts_acked hook, for every acceptable ACK after its SACK and cumulative bookkeeping:
     * {@code rtt} is the RTT of the newest never-retransmitted segment it acknowledged or SACKed
     * (Linux's ca_rtt_us) in ns, -1 when none; {@code pacingRate} gives sk_pacing_rate in bytes/s
     * (computed only by an algorithm that reads it).
     */
    void pktsAcked(long now, long rtt, int sndUna, int sndNxt, java.util.function.DoubleSupplier pacingRate) {
    }

    /** The retransmission timer fired (Linux's set_state(TCP_CA_Loss)). */
    void onLossState(long now, int sndNxt) {
    }

    /** The algorithm's growth of cwnd at or above ssthresh, for {@code acked} bytes (at least 1). */
    protected abstract void congestionAvoidance(long now, int acked, long srtt);

    /**
     * Loss detected by duplicate ACKs or SACK: set ssthresh and cwnd for the recovery. As Linux's
     * ca_ops->ssthresh in tcp_init_cwnd_reduction, from cwnd before the reduction (not RFC 5681's
     * FlightSize: both Linux rules here, tcp_reno_ssthresh and cubictcp_recalc_ssthresh, read cwnd).
     */
    public abstract void onCongestionEvent(long now);

    /**
     * RFC 6582 3.2 step 3 (full acknowledgment), first option: cwnd = min(ssthresh,
     * max(FlightSize, SMSS) + SMSS), which avoids a burst when little data is outstanding.
     */
    public void onRecoveryExit(long now, int flightSize) {
        cwnd = Math.min(ssthresh, Math.max(flightSize, mss) + mss);
    }

    /**
     * RFC 5681 3.1 (the loss window) and Linux tcp_enter_loss (ssthresh from cwnd, by the
     * algorithm's rule): the retransmission timer expired. {@code first} is false for a repeated
     * timeout of the same data, which must not lower ssthresh again.
     */
    public abstract void onRetransmitTimeout(long now, boolean first);

    /**
     * Slow start as Linux does it (tcp_slow_start): cwnd grows by every segment an ACK covers, so
     * a delayed ACK of two segments grows it by two and cwnd doubles per round trip whatever the
     * receiver's ACK policy (RFC 3465 byte counting without the L = 2 SMSS limit; RFC 5681 3.1's
     * "cwnd += min (N, SMSS)" would grow it by half per round trip behind delayed ACKs). Returns
     * the acknowledged bytes left over for congestion avoidance when cwnd reaches ssthresh.
     */
    private int slowStart(int acked) {
        int room = ssthresh - cwnd;
        if (acked <= room) {
            cwnd += acked;
            return 0;
        }
        cwnd = ssthresh;
        return acked - room;
    }

    /**
     * The algorithm {@code cfg} names with its slow-start exit: for CUBIC, Linux's HyStart
     * (tcp_cubic hystart, hystart_detect) or, with {@link TcpConfig#hystartPlusPlus}, RFC 9406.
     */
    static CongestionControl create(TcpConfig cfg) {
        CongestionControl cc = create(cfg.congestionControl());
        if (cc instanceof Cubic cubic && cfg.hystart()) {
            if (cfg.hystartPlusPlus()) {
                cc.enableHyStart();
            } else if (cfg.hystartDetect() != 0) {
                cubic.enableLinuxHyStart(cfg.hystartDetect());
            }
        }
        return cc;
    }

    /** Creates a fresh instance of the named algorithm. */
    public static CongestionControl create(CongestionAlgorithm a) {
        return switch (a) {
            case NEWRENO -> new NewReno();
            case CUBIC -> new Cubic();
        };
    }
}
