package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;

/**
 * CUBIC congestion control (RFC 9438), the Linux default. Window sizes below are in segments,
 * as in the RFC's equations; {@code cwnd} itself stays in bytes.
 *
 * <ul>
 * <li>4.2 window increase: W_cubic(t) = C * (t - K)^3 + W_max, K = cbrt((W_max - cwnd_epoch) / C);
 * each ACK moves cwnd toward the target W_cubic(t + RTT), clamped to [cwnd, 1.5 cwnd].</li>
 * <li>4.3 Reno-friendly region: W_est grows by alpha_cubic per window; cwnd follows W_est
 * when W_cubic is below it.</li>
 * <li>4.6 multiplicative decrease by beta_cubic = 0.7; 4.7 fast convergence.</li>
 * <li>4.8 timeout: Reno's loss window, ssthresh by beta_cubic, then a curve with K = 0 from
 * the window at the start of congestion avoidance.</li>
 * </ul>
 */
final class Cubic extends CongestionControl {
    /** RFC 9438 5.1: C = 0.4 (segments per second cubed). */
    static final double C = 0.4;
    /** RFC 9438 4.6: beta_cubic = 0.7. */
    static final double BETA = 0.7;
    /** RFC 9438 4.3: alpha_cubic = 3 (1 - beta) / (1 + beta), TCP-friendly with beta = 0.7. */
    static final double ALPHA = 3 * (1 - BETA) / (1 + BETA);

    /** W_max in segments: the window just before the last reduction. */
    private double wMax;
    private double k;
    /** Start of the current congestion avoidance epoch in ns, or -1 when none has started. */
    private long epochStart = -1;
    /** W_est of RFC 9438 4.3, in segments. */
    private double wEst;
    /** Fractional bytes of cwnd growth not yet added. */
    private double pending;
    /** After a timeout: the next epoch starts with K = 0 and W_max = cwnd (RFC 9438 4.8). */
    private boolean afterTimeout;

    @Override
    public String name() {
        return "cubic";
    }

    @Override
    protected void congestionAvoidance(long now, int acked, long srtt) {
        double seg = (double) cwnd / mss;
        if (epochStart < 0) {
            epochStart = now;
            pending = 0;
            wEst = seg;
            if (afterTimeout || seg >= wMax) {
                wMax = seg;
                k = 0;
                afterTimeout = false;
            } else {
                k = Math.cbrt((wMax - seg) / C); // RFC 9438 eq. 2
            }
        }
        double ackedSeg = (double) acked / mss;
        double t = (double) (now - epochStart) / Durations.S;
        double rtt = (double) srtt / Durations.S;
        // RFC 9438 4.3: W_est += alpha * segments_acked / cwnd. Like Linux (tcp_friendliness in
        // tcp_cubic.c), alpha stays alpha_cubic: the RFC's switch to 1 past cwnd_prior is not done.
        wEst += ALPHA * ackedSeg / seg;
        double wCubicNow = wCubic(t);
        double target;
        if (wCubicNow < wEst) {
            target = wEst; // Reno-friendly region: cwnd = W_est
            pending += (target - seg) * mss;
        } else {
            target = wCubic(t + rtt);
            target = Math.max(seg, Math.min(target, 1.5 * seg));
            pending += (target - seg) / seg * ackedSeg * mss; // RFC 9438 4.4 / 4.5
        }
        if (pending >= 1) {
            int add = (int) Math.min(pending, Integer.MAX_VALUE - (long) cwnd);
            cwnd += add;
            pending -= add;
        }
    }

    private double wCubic(double t) {
        double d = t - k;
        return C * d * d * d + wMax;
    }

    @Override
    public void onCongestionEvent(long now, int flightSize) {
        reduce();
        cwnd = ssthresh;
    }

    private void reduce() {
        double seg = (double) cwnd / mss;
        // RFC 9438 4.7: fast convergence (on, as in Linux) releases bandwidth to new flows.
        if (seg < wMax) {
            wMax = seg * (1 + BETA) / 2;
        } else {
            wMax = seg;
        }
        ssthresh = Math.max((int) (cwnd * BETA), 2 * mss);
        epochStart = -1;
    }

    @Override
    public void onRetransmitTimeout(long now, int flightSize, boolean first) {
        if (first) {
            reduce();
        }
        afterTimeout = true;
        epochStart = -1;
        cwnd = mss;
    }

    double wMax() {
        return wMax;
    }

    double k() {
        return k;
    }
}
