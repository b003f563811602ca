package dev.minternet.transport.tcp;

/**
 * HyStart as Linux 6.x's tcp_cubic runs it (hystart=1, hystart_detect=3, the default): the
 * original hybrid slow start of Ha and Rhee, not RFC 9406's HyStart++. Slow start ends, with
 * ssthresh = cwnd and straight into congestion avoidance, at the first of two signals.
 *
 * <ul>
 * <li>Rounds (bictcp_hystart_reset): a round starts at the first ACK past the SND.NXT recorded at
 * the previous round's start; it records the time (round_start, last_ack), SND.NXT (end_seq) and
 * restarts the RTT samples.</li>
 * <li>ACK train (HYSTART_ACK_TRAIN): each ACK that comes within hystart_ack_delta_us = 2 ms of
 * the previous one of the train extends it (a later ACK breaks the train for the rest of the
 * round); when the train is longer than (delay_min + ack_delay) / 2, slow start ends. ack_delay
 * (hystart_ack_delay) is the time of 4 GSO packets (gso_max_size 64 KB) at the pacing rate, at
 * most 1 ms; the halving applies without fq pacing (SK_PACING_NONE), as here.</li>
 * <li>Delay (HYSTART_DELAY): after HYSTART_MIN_SAMPLES = 8 samples in a round, if the round's
 * minimum RTT is above delay_min + clamp(delay_min / 8, 4 ms, 16 ms), slow start ends.</li>
 * <li>Only while cwnd &gt;= hystart_low_window = 16 segments and cwnd &lt; ssthresh, until an exit
 * is found (found); a timeout (TCP_CA_Loss) resets it, so the slow start after it has HyStart
 * too. A fast recovery does not.</li>
 * </ul>
 * Times are in microseconds, as Linux's tcp_mstamp and the RTT samples of its ACKs.
 */
final class LinuxHyStart {
    static final int ACK_TRAIN = 0x1;
    static final int DELAY = 0x2;
    static final int LOW_WINDOW = 16;
    static final long ACK_DELTA_US = 2000;
    static final int MIN_SAMPLES = 8;
    static final long DELAY_MIN_US = 4000;
    static final long DELAY_MAX_US = 16000;
    /** Linux GSO_LEGACY_MAX_SIZE, sk_gso_max_size of an ordinary device. */
    static final long GSO_MAX_SIZE = 65_536;

    private final int detect;
    private boolean found;
    /**
     * Whether a round was recorded: Linux's cubictcp_init records SND.NXT when the connection is
     * established, so the first ACK that reaches hystart_update (one that acknowledges data)
     * always starts a new round; here that first ACK starts it.
     */
    private boolean started;
    private long roundStart;
    private long lastAck;
    private int endSeq;
    private long currRtt = Long.MAX_VALUE;
    private int sampleCnt;
    /** How the last exit was found (ACK_TRAIN or DELAY), 0 before; as TcpExtTCPHystart*Detect. */
    private int exitSignal;
    private int exitCwnd;
    private long exitAtUs;

    /** {@code detect}: Linux's hystart_detect bits (1 ACK train, 2 delay, 3 both). */
    LinuxHyStart(int detect) {
        this.detect = detect;
    }

    /** bictcp_hystart_reset. */
    void reset(long nowUs, int sndNxt) {
        started = true;
        roundStart = nowUs;
        lastAck = nowUs;
        endSeq = sndNxt;
        currRtt = Long.MAX_VALUE;
        sampleCnt = 0;
    }

    /** cubictcp_state(TCP_CA_Loss): bictcp_reset clears found, then the round restarts. */
    void onLoss(long nowUs, int sndNxt) {
        found = false;
        reset(nowUs, sndNxt);
    }

    boolean found() {
        return found;
    }

    int exitSignal() {
        return exitSignal;
    }

    int exitCwnd() {
        return exitCwnd;
    }

    long exitAtUs() {
        return exitAtUs;
    }

    /** hystart_ack_delay: 4 GSO packets at the pacing rate ({@code pacingRate} bytes/s), at most 1 ms. */
    static long ackDelayUs(double pacingRate) {
        if (pacingRate <= 0) {
            return 0;
        }
        return (long) Math.min(1000, Math.floor(GSO_MAX_SIZE * 4 * 1_000_000L / pacingRate));
    }

    /**
     * hystart_update, for an ACK with RTT sample {@code delayUs} (at least 1), while cwnd ({@code
     * cwndSegs}) is at least {@link #LOW_WINDOW} and below ssthresh and no exit was found yet.
     * Returns true when slow start ends at this ACK (the caller sets ssthresh = cwnd).
     */
    boolean update(long nowUs, long delayUs, long delayMinUs, int sndUna, int sndNxt, int cwndSegs,
                   long ackDelayUs) {
        if (!started || Seq.gt(sndUna, endSeq)) {
            reset(nowUs, sndNxt);
        }
        boolean exit = false;
        if ((detect & ACK_TRAIN) != 0 && nowUs - lastAck <= ACK_DELTA_US) {
            lastAck = nowUs;
            long threshold = (delayMinUs + ackDelayUs) >> 1; // SK_PACING_NONE: no fq pacing here
            if (nowUs - roundStart > threshold) {
                exit = true;
                exitSignal = ACK_TRAIN;
            }
        }
        if ((detect & DELAY) != 0) {
            currRtt = Math.min(currRtt, delayUs);
            if (sampleCnt < MIN_SAMPLES) {
                sampleCnt++;
            } else if (currRtt > delayMinUs + Math.max(DELAY_MIN_US, Math.min(delayMinUs >> 3, DELAY_MAX_US))) {
                if (!exit) {
                    exitSignal = DELAY;
                }
                exit = true;
            }
        }
        if (exit) {
            found = true;
            exitCwnd = cwndSegs;
            exitAtUs = nowUs;
        }
        return exit;
    }
}
