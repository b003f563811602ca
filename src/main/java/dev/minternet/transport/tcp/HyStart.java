package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;

/**
 * HyStart++ (RFC 9406): leaves the initial slow start when the round trip time grows, before the
 * doubling window overflows the bottleneck's queue, instead of after a burst of losses.
 *
 * <ul>
 * <li>4.2 rounds: a round ends when the ACK passes the SND.NXT at its start; each keeps the
 * minimum RTT of its ACKs (currentRoundMinRTT) and the previous round's (lastRoundMinRTT).</li>
 * <li>4.2 delay increase: after N_RTT_SAMPLE = 8 samples in a round, if currentRoundMinRTT &gt;=
 * lastRoundMinRTT + clamp(lastRoundMinRTT / 8, 4 ms, 16 ms), slow start ends and Conservative
 * Slow Start (CSS) begins: cwnd grows by a quarter of what slow start would add.</li>
 * <li>4.2 CSS: if the RTT falls back below the baseline, slow start resumes; after CSS_ROUNDS = 5
 * rounds, congestion avoidance begins with ssthresh = cwnd.</li>
 * <li>4.3: only the initial slow start uses it (not the one after a timeout).</li>
 * </ul>
 * Linux's tcp_cubic runs the older HyStart (delay and ACK-train detection, straight to congestion
 * avoidance); both are on by default and leave slow start near the same window on a path with a
 * queue.
 */
final class HyStart {
    static final long MIN_RTT_THRESH = 4 * Durations.MS;
    static final long MAX_RTT_THRESH = 16 * Durations.MS;
    static final int N_RTT_SAMPLE = 8;
    static final int CSS_GROWTH_DIVISOR = 4;
    static final int CSS_ROUNDS = 5;

    private int windowEnd;
    private boolean roundStarted;
    private long lastRoundMinRtt = Long.MAX_VALUE;
    private long currentRoundMinRtt = Long.MAX_VALUE;
    private int rttSampleCount;
    private boolean css;
    private long cssBaselineMinRtt = Long.MAX_VALUE;
    private int cssRounds;
    private boolean done;

    /** Whether HyStart++ still steers slow start (it stops for good at its first exit or a loss). */
    boolean active() {
        return !done;
    }

    boolean inCss() {
        return css && !done;
    }

    /** Any loss or timeout: RFC 9406 4.2, congestion avoidance follows as usual. */
    void stop() {
        done = true;
        css = false;
    }

    /**
     * An ACK of new data in slow start: {@code ack} is the new SND.UNA, {@code sndNxt} SND.NXT,
     * {@code rtt} the ACK's RTT sample in ns (0: none). Returns the divisor of slow start's growth
     * for this ACK: 1 in slow start, {@link #CSS_GROWTH_DIVISOR} in CSS, or 0 when slow start has
     * just ended (the caller sets ssthresh = cwnd).
     */
    int onAck(int ack, int sndNxt, long rtt) {
        if (done) {
            return 1;
        }
        boolean newRound = !roundStarted || Seq.ge(ack, windowEnd);
        if (newRound) {
            if (roundStarted) {
                lastRoundMinRtt = currentRoundMinRtt;
                if (css && ++cssRounds >= CSS_ROUNDS) {
                    done = true;
                    return 0; // 4.2: CSS_ROUNDS rounds in CSS: enter congestion avoidance
                }
            }
            roundStarted = true;
            windowEnd = sndNxt;
            currentRoundMinRtt = Long.MAX_VALUE;
            rttSampleCount = 0;
        }
        if (rtt > 0) {
            currentRoundMinRtt = Math.min(currentRoundMinRtt, rtt);
            rttSampleCount++;
        }
        if (!css) {
            if (rttSampleCount >= N_RTT_SAMPLE && currentRoundMinRtt != Long.MAX_VALUE
                    && lastRoundMinRtt != Long.MAX_VALUE) {
                long thresh = Math.max(MIN_RTT_THRESH, Math.min(lastRoundMinRtt / 8, MAX_RTT_THRESH));
                if (currentRoundMinRtt >= lastRoundMinRtt + thresh) {
                    cssBaselineMinRtt = currentRoundMinRtt;
                    css = true;
                    cssRounds = 0;
                }
            }
        } else if (rttSampleCount >= N_RTT_SAMPLE && currentRoundMinRtt < cssBaselineMinRtt) {
            cssBaselineMinRtt = Long.MAX_VALUE; // the RTT increase was spurious: back to slow start
            css = false;
        }
        return css ? CSS_GROWTH_DIVISOR : 1;
    }
}
