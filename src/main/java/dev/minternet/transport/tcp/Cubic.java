package dev.minternet.transport.tcp;

import dev.minternet.sim.Durations;

/**
 * CUBIC congestion control (RFC 9438) as Linux computes it (net/ipv4/tcp_cubic.c, the Linux
 * default): in whole segments, with Linux's fixed-point constants and its clock, so that a flow
 * grows and shrinks as a Linux sender's does, step for step.
 *
 * <ul>
 * <li>Window increase (RFC 9438 4.2): at each ACK in congestion avoidance the target is the cubic
 * curve W(t) = W_max + C (t - K)^3 one minimum RTT ahead, with C = 410/1024 (bic_scale 41) and
 * K = cbrt((W_max - cwnd_epoch) / C) in 1/1024 s; cwnd then grows by one segment per
 * {@code cnt} segments ACKed, cnt = cwnd / (target - cwnd) (100 cwnd when the target is not above
 * cwnd; at most 20 before the first loss; at least 2, so at most 1.5x per RTT). The curve's
 * parameters are recomputed at most once per jiffy (1 ms here, HZ 1000) and, while cwnd does not
 * change, once per 1/32 s.</li>
 * <li>Reno-friendly region (4.3): W_est (Linux's tcp_cwnd) grows by one segment per 15/8 cwnd
 * segments ACKed (alpha 0.533: Linux never switches alpha to 1); when it is above cwnd, cnt is
 * capped at cwnd / (W_est - cwnd), so cwnd catches up with it over about a round trip.</li>
 * <li>Multiplicative decrease by 717/1024 (4.6), fast convergence (4.7): W_max becomes
 * cwnd (1 + beta) / 2 when cwnd did not reach the previous W_max.</li>
 * <li>Timeout (4.8): everything is forgotten (W_max 0, the minimum RTT too), as Linux's
 * bictcp_reset on entering the Loss state.</li>
 * </ul>
 */
final class Cubic extends CongestionControl {
    /** beta_cubic = 717/1024 (tcp_cubic's {@code beta}). */
    static final int BETA = 717;
    static final int BETA_SCALE = 1024;
    /** C = bic_scale * 10 / 1024 = 0.4. */
    private static final long CUBE_RTT_SCALE = 41 * 10;
    /** Time unit of the curve: 1/1024 s (BICTCP_HZ = 10). */
    private static final int HZ_SHIFT = 10;
    /** 2^40 / (bic_scale * 10): K^3 = cube_factor * (W_max - cwnd), K in 1/1024 s. */
    private static final long CUBE_FACTOR = (1L << (10 + 3 * HZ_SHIFT)) / CUBE_RTT_SCALE;
    /** 8 (1024 + 717) / 3 / (1024 - 717) = 15: W_est grows one segment per 15/8 cwnd ACKed. */
    private static final long FRIENDLY_SCALE = 8L * (BETA_SCALE + BETA) / 3 / (BETA_SCALE - BETA);
    /** One jiffy: Linux's clock tick with HZ = 1000. */
    private static final long JIFFY = Durations.MS;

    private long cnt;
    /** W_max in segments (Linux's last_max_cwnd): 0 before the first loss and after a timeout. */
    private long lastMaxCwnd;
    private long lastCwnd;
    private long lastTime;
    private long originPoint;
    /** K in 1/1024 s. */
    private long bicK;
    /** The smallest RTT seen, in microseconds (0: none yet). */
    private long delayMinUs;
    /** Start of the epoch in jiffies; -1 when none runs. */
    private long epochStart = -1;
    private long ackCnt;
    /** W_est in segments (Linux's tcp_cwnd). */
    private long tcpCwnd;
    /** Segments ACKed toward the next increment (Linux's snd_cwnd_cnt). */
    private long cwndCnt;
    /** Bytes ACKed not yet counted as a whole segment. */
    private int carry;

    @Override
    public String name() {
        return "cubic";
    }

    /** Linux's HyStart (tcp_cubic hystart=1), or null when off or when HyStart++ runs instead. */
    private LinuxHyStart hystart;

    /** Turns on Linux's HyStart with {@code detect} (hystart_detect: 1 ACK train, 2 delay, 3 both). */
    void enableLinuxHyStart(int detect) {
        hystart = new LinuxHyStart(detect);
    }

    LinuxHyStart linuxHyStart() {
        return hystart;
    }

    /**
     * cubictcp_acked, for every ACK with an RTT sample ({@code rtt} in ns, -1: none): the minimum
     * RTT (delay_min, in microseconds), then HyStart while cwnd is at least 16 segments and below
     * ssthresh. No samples within a second of an epoch's start (right after a recovery).
     */
    @Override
    void pktsAcked(long now, long rtt, int sndUna, int sndNxt, java.util.function.DoubleSupplier pacingRate) {
        if (rtt < 0 || (epochStart >= 0 && now / JIFFY - epochStart < 1000)) {
            return;
        }
        long us = Math.max(1, rtt / Durations.US);
        if (delayMinUs == 0 || delayMinUs > us) {
            delayMinUs = us;
        }
        long segs = cwnd / Math.max(1, mss);
        if (hystart != null && !hystart.found() && cwnd < ssthresh && segs >= LinuxHyStart.LOW_WINDOW
                && hystart.update(now / Durations.US, us, delayMinUs, sndUna, sndNxt, (int) segs,
                        LinuxHyStart.ackDelayUs(pacingRate.getAsDouble()))) {
            ssthresh = cwnd; // hystart_update: tp->snd_ssthresh = tcp_snd_cwnd(tp)
        }
    }

    @Override
    void onLossState(long now, int sndNxt) {
        if (hystart != null) {
            hystart.onLoss(now / Durations.US, sndNxt); // cubictcp_state: bictcp_hystart_reset
        }
    }

    @Override
    protected void congestionAvoidance(long now, int acked, long srtt) {
        int total = carry + acked;
        long segs = total / mss;
        carry = total % mss;
        if (segs == 0) {
            return;
        }
        long w = Math.max(1, cwnd / mss);
        update(now / JIFFY, w, segs);
        // tcp_cong_avoid_ai(tp, cnt, acked)
        if (cwndCnt >= cnt) {
            cwndCnt = 0;
            w++;
        }
        cwndCnt += segs;
        if (cwndCnt >= cnt) {
            long delta = cwndCnt / cnt;
            cwndCnt -= delta * cnt;
            w += delta;
        }
        cwnd = (int) Math.min(Integer.MAX_VALUE / 2, w * mss);
    }

    /** bictcp_update: the ACK count per one-segment increase, {@code cnt}, for cwnd {@code w}. */
    private void update(long jiffies, long w, long acked) {
        ackCnt += acked;
        if (lastCwnd == w && jiffies - lastTime <= 1000 / 32) {
            return;
        }
        if (!(epochStart >= 0 && jiffies == lastTime)) {
            lastCwnd = w;
            lastTime = jiffies;
            if (epochStart < 0) {
                epochStart = jiffies;
                ackCnt = acked;
                tcpCwnd = w;
                if (lastMaxCwnd <= w) {
                    bicK = 0;
                    originPoint = w;
                } else {
                    bicK = cubeRoot(CUBE_FACTOR * (lastMaxCwnd - w));
                    originPoint = lastMaxCwnd;
                }
            }
            long t = jiffies - epochStart + (delayMinUs + 999) / 1000; // usecs_to_jiffies rounds up
            t = (t << HZ_SHIFT) / 1000;
            long offs = t < bicK ? bicK - t : t - bicK;
            long delta = (CUBE_RTT_SCALE * offs * offs * offs) >> (10 + 3 * HZ_SHIFT);
            long target = t < bicK ? originPoint - delta : originPoint + delta;
            cnt = target > w ? w / (target - w) : 100 * w;
            if (lastMaxCwnd == 0 && cnt > 20) {
                cnt = 20; // 5% per RTT while the available bandwidth is unknown
            }
        }
        // Reno-friendly region
        long delta = (w * FRIENDLY_SCALE) >> 3;
        while (ackCnt > delta) {
            ackCnt -= delta;
            tcpCwnd++;
        }
        if (tcpCwnd > w) {
            long maxCnt = w / (tcpCwnd - w);
            if (cnt > maxCnt) {
                cnt = maxCnt;
            }
        }
        cnt = Math.max(cnt, 2);
    }

    /** The integer cube root Linux computes (cubic_root: within a unit of the exact one). */
    static long cubeRoot(long a) {
        long x = (long) Math.cbrt((double) a);
        while ((x + 1) * (x + 1) * (x + 1) <= a) {
            x++;
        }
        while (x > 0 && x * x * x > a) {
            x--;
        }
        return x;
    }

    @Override
    public void onCongestionEvent(long now) {
        reduce();
        cwnd = ssthresh;
    }

    /** cubictcp_recalc_ssthresh: ends the epoch, sets W_max (fast convergence) and ssthresh. */
    private void reduce() {
        long w = Math.max(1, cwnd / mss);
        epochStart = -1;
        if (w < lastMaxCwnd) {
            lastMaxCwnd = w * (BETA_SCALE + BETA) / (2 * BETA_SCALE);
        } else {
            lastMaxCwnd = w;
        }
        ssthresh = (int) Math.max(w * BETA / BETA_SCALE, 2) * mss;
        cwndCnt = 0;
        carry = 0;
    }

    @Override
    public void onRetransmitTimeout(long now, boolean first) {
        if (first) {
            reduce();
        }
        // cubictcp_state(TCP_CA_Loss): bictcp_reset forgets the curve, W_max and the minimum RTT.
        cnt = 0;
        lastMaxCwnd = 0;
        lastCwnd = 0;
        lastTime = 0;
        originPoint = 0;
        bicK = 0;
        delayMinUs = 0;
        epochStart = -1;
        ackCnt = 0;
        tcpCwnd = 0;
        cwndCnt = 0;
        cwnd = mss;
    }

    /** W_max in segments. */
    double wMax() {
        return lastMaxCwnd;
    }

    /** K in seconds. */
    double k() {
        return (double) bicK / (1 << HZ_SHIFT);
    }
}
