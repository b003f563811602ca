package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

/** NewReno and CUBIC window arithmetic, outside any connection. */
class CongestionControlTest {
    static final int MSS = 1000;
    static final long RTT = 100 * Durations.MS;

    @Test
    void newreno_slow_start_then_one_segment_per_window() {
        NewReno c = new NewReno();
        c.init(MSS);
        assertThat(c.cwnd()).isEqualTo(10 * MSS);
        c.onAck(0, 2 * MSS, RTT, true);
        assertThat(c.cwnd()).as("Linux tcp_slow_start: every segment ACKed").isEqualTo(12 * MSS);
        c.onCongestionEvent(0);
        assertThat(c.ssthresh()).as("Linux tcp_reno_ssthresh: 12 >> 1").isEqualTo(6 * MSS);
        assertThat(c.cwnd()).isEqualTo(6 * MSS);
        for (int i = 0; i < 6; i++) {
            c.onAck(0, MSS, RTT, true);
        }
        assertThat(c.cwnd()).as("one window acknowledged: + 1 SMSS").isEqualTo(7 * MSS);
        c.onAck(0, MSS, RTT, false);
        assertThat(c.cwnd()).as("no growth when not cwnd-limited (RFC 7661)").isEqualTo(7 * MSS);
        c.onRetransmitTimeout(0, true);
        assertThat(c.cwnd()).isEqualTo(MSS);
        assertThat(c.ssthresh()).as("7 >> 1 = 3").isEqualTo(3 * MSS);
    }

    /**
     * Linux's tcp_reno_ssthresh, {@code max(tcp_snd_cwnd(tp) >> 1U, 2U)}: half of cwnd in whole
     * segments, at least 2, at a fast retransmit (tcp_init_cwnd_reduction) and at a timeout
     * (tcp_enter_loss), whatever FlightSize is. RFC 5681 eq. 4 (max(FlightSize / 2, 2 SMSS)) gives
     * 5, 4 and 2 segments where Linux gives 20, 20 and 20.
     */
    @Test
    void newreno_ssthresh_is_half_of_cwnd_in_segments_as_linux_tcp_reno_ssthresh() {
        NewReno c = new NewReno();
        c.init(MSS);
        c.setCwnd(40 * MSS);
        c.onCongestionEvent(0); // from cwnd alone: whatever is in flight (TcpLossRecoveryTest: an application-limited sender)
        assertThat(c.ssthresh()).as("40 >> 1, not FlightSize / 2").isEqualTo(20 * MSS);
        assertThat(c.cwnd()).isEqualTo(20 * MSS);

        c.setCwnd(41 * MSS + MSS / 2); // byte counting left half a segment: Linux's snd_cwnd is 41
        c.onCongestionEvent(0);
        assertThat(c.ssthresh()).as("41 >> 1 = 20 whole segments").isEqualTo(20 * MSS);

        c.setCwnd(3 * MSS);
        c.onCongestionEvent(0);
        assertThat(c.ssthresh()).as("3 >> 1 = 1, at least 2").isEqualTo(2 * MSS);

        c.setCwnd(40 * MSS);
        c.onRetransmitTimeout(0, true);
        assertThat(c.ssthresh()).as("tcp_enter_loss: 40 >> 1").isEqualTo(20 * MSS);
        assertThat(c.cwnd()).isEqualTo(MSS);
        c.onRetransmitTimeout(0, false);
        assertThat(c.ssthresh()).as("a backed-off timeout of the same data keeps it").isEqualTo(20 * MSS);
    }

    @Test
    void cubic_reduces_by_beta_and_regrows_to_wmax_after_k() {
        Cubic c = new Cubic();
        c.init(MSS);
        c.setCwnd(100 * MSS);
        c.onCongestionEvent(0);
        assertThat(c.ssthresh()).isEqualTo(70 * MSS);
        assertThat(c.cwnd()).isEqualTo(70 * MSS);
        assertThat(c.wMax()).isEqualTo(100.0);
        // K = cbrt(W_max (1 - beta) / C) = cbrt(30 / 0.4) = 4.217 s; Linux computes it in 1/1024 s
        // from cube_factor = 2^40 / 410: cbrt(2681735677 * 30) = 4316 units = 4.215 s.
        long t = 0;
        c.onAck(t, MSS, RTT, true);
        assertThat(c.k()).isEqualTo(4316 / 1024.0);
        assertThat(c.k()).isCloseTo(Math.cbrt(75), org.assertj.core.data.Offset.offset(0.003));
        // Feed ACKs at the rate a full window gives for ~K seconds: cwnd approaches W_max.
        while (t < Math.round(c.k() * Durations.S)) {
            t += RTT / Math.max(1, c.cwnd() / MSS);
            c.onAck(t, MSS, RTT, true);
        }
        assertThat(c.cwnd() / MSS).isBetween(95, 105);
    }

    @Test
    void cubic_fast_convergence_lowers_wmax_when_below_the_last_one() {
        Cubic c = new Cubic();
        c.init(MSS);
        c.setCwnd(100 * MSS);
        c.onCongestionEvent(0);
        c.setCwnd(80 * MSS);
        c.onCongestionEvent(0);
        assertThat(c.wMax()).isCloseTo(80 * 1.7 / 2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void cubic_timeout_uses_the_loss_window_and_a_fresh_curve() {
        Cubic c = new Cubic();
        c.init(MSS);
        c.setCwnd(50 * MSS);
        c.onRetransmitTimeout(0, true);
        assertThat(c.cwnd()).isEqualTo(MSS);
        assertThat(c.ssthresh()).isEqualTo(35 * MSS);
    }

    @Test
    void rto_follows_rfc6298_with_linux_bounds() {
        RtoEstimator r = new RtoEstimator();
        assertThat(r.rto()).isEqualTo(Durations.S);
        r.sample(100 * Durations.MS);
        assertThat(r.srtt()).isEqualTo(100 * Durations.MS);
        assertThat(r.rttvar()).isEqualTo(50 * Durations.MS);
        assertThat(r.rto()).isEqualTo(300 * Durations.MS);
        r.sample(100 * Durations.MS);
        assertThat(r.rttvar()).isEqualTo(37_500_000);
        assertThat(r.rto()).as("SRTT + 4 RTTVAR").isEqualTo(250 * Durations.MS);
        // RFC 6298 5.5: each expiry doubles the RTO ("RTO <- RTO * 2"), up to the maximum (2.5; 120 s
        // like Linux TCP_RTO_MAX), where it stays: 0.25, 0.5, 1, ... 64 s, then 120 s.
        for (int i = 0; i < 20; i++) {
            long before = r.rto();
            r.backOff();
            assertThat(r.rto()).as("expiry %d", i + 1).isEqualTo(Math.min(2 * before, RtoEstimator.MAX_RTO));
        }
        assertThat(r.rto()).isEqualTo(120 * Durations.S);
        assertThat(r.backoffCount()).as("doublings stop at the maximum").isEqualTo(9);
        r.sample(Durations.MS);
        assertThat(r.backoffCount()).isZero();
        for (int i = 0; i < 50; i++) {
            r.sample(Durations.MS);
        }
        assertThat(r.rto()).isEqualTo(RtoEstimator.MIN_RTO);
    }
}
