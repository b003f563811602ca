package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import org.junit.jupiter.api.Test;

/**
 * Linux 6.x tcp_cubic's HyStart (hystart_update, cubictcp_acked), each exit computed by hand from
 * its rules: the ACK train ends slow start when it is longer than (delay_min + ack_delay) / 2,
 * the delay signal when the round's minimum RTT over at least 8 samples exceeds delay_min +
 * clamp(delay_min / 8, 4 ms, 16 ms).
 */
class LinuxHyStartTest {
    private static final long T0 = 1_000_000; // us

    @Test
    void the_ack_train_ends_slow_start_past_half_the_minimum_rtt() {
        LinuxHyStart h = new LinuxHyStart(LinuxHyStart.ACK_TRAIN | LinuxHyStart.DELAY);
        // delay_min 40 ms, ack_delay 1 ms: threshold (40000 + 1000) >> 1 = 20500 us. ACKs every
        // 200 us from the round's first at T0: the train passes 20500 us at the 103rd ACK after it
        // (20600 us), with cwnd 100 + 103 = 203 segments.
        int una = 0;
        int k = 0;
        for (; k <= 200; k++) {
            if (h.update(T0 + 200L * k, 40_000, 40_000, una += 1448, 1_000_000, 100 + k, 1000)) {
                break;
            }
        }
        assertThat(k).isEqualTo(103);
        assertThat(h.found()).isTrue();
        assertThat(h.exitSignal()).isEqualTo(LinuxHyStart.ACK_TRAIN);
        assertThat(h.exitCwnd()).isEqualTo(203);
        assertThat(h.exitAtUs()).isEqualTo(T0 + 20_600);
    }

    @Test
    void a_gap_over_two_ms_breaks_the_train_for_the_rest_of_the_round() {
        LinuxHyStart h = new LinuxHyStart(LinuxHyStart.ACK_TRAIN);
        int una = 0;
        assertThat(h.update(T0, 40_000, 40_000, una += 1448, 1_000_000, 100, 1000)).isFalse();
        // 2001 us later: not within hystart_ack_delta_us; last_ack stays at T0, so no later ACK
        // of this round (end_seq 1_000_000) can extend the train, however long the round lasts.
        for (long t = T0 + 2001; t < T0 + 60_000; t += 100) {
            assertThat(h.update(t, 40_000, 40_000, una += 1448, 1_000_000, 100, 1000)).isFalse();
        }
        // Past end_seq a new round starts its own train at this ACK.
        long start = T0 + 60_000;
        assertThat(h.update(start, 40_000, 40_000, 1_000_001, 2_000_000, 100, 1000)).isFalse();
        for (long t = start + 500; t <= start + 20_500; t += 500) {
            assertThat(h.update(t, 40_000, 40_000, 1_000_002, 2_000_000, 100, 1000)).isFalse();
        }
        assertThat(h.update(start + 21_000, 40_000, 40_000, 1_000_003, 2_000_000, 100, 1000))
                .as("21000 us of train > 20500 us").isTrue();
    }

    @Test
    void the_delay_signal_needs_eight_samples_and_a_rise_above_the_clamped_threshold() {
        LinuxHyStart h = new LinuxHyStart(LinuxHyStart.DELAY);
        // delay_min 40 ms: 40000 + clamp(40000 >> 3 = 5000, 4000, 16000) = 45000 us. Samples of
        // 45001 us: the first 8 are counted, the 9th compares (hystart_update's sample_cnt).
        int una = 0;
        for (int k = 1; k <= 8; k++) {
            assertThat(h.update(T0 + 10L * k, 45_001, 40_000, una += 1448, 1_000_000, 16, 1000)).isFalse();
        }
        assertThat(h.update(T0 + 90, 45_001, 40_000, una += 1448, 1_000_000, 16, 1000)).isTrue();
        assertThat(h.exitSignal()).isEqualTo(LinuxHyStart.DELAY);

        LinuxHyStart equal = new LinuxHyStart(LinuxHyStart.DELAY);
        for (int k = 1; k <= 20; k++) {
            assertThat(equal.update(T0 + 10L * k, 45_000, 40_000, k, 1_000_000, 16, 1000))
                    .as("45000 is not above 45000").isFalse();
        }
        // A short path: delay_min 10 ms, threshold clamped up to 4 ms.
        LinuxHyStart shortPath = new LinuxHyStart(LinuxHyStart.DELAY);
        boolean exit = false;
        for (int k = 1; k <= 9; k++) {
            exit = shortPath.update(T0 + 10L * k, 14_001, 10_000, k, 1_000_000, 16, 1000);
        }
        assertThat(exit).isTrue();
    }

    @Test
    void ack_delay_is_four_gso_packets_at_the_pacing_rate_capped_at_one_ms() {
        assertThat(LinuxHyStart.ackDelayUs(0)).isZero();
        assertThat(LinuxHyStart.ackDelayUs(12_500_000)).isEqualTo(1000); // 100 Mbit/s: 20971 us, capped
        assertThat(LinuxHyStart.ackDelayUs(1_000_000_000)).isEqualTo(262); // 65536 * 4 / 1e9 s
    }

    @Test
    void cubic_runs_it_from_sixteen_segments_and_sets_ssthresh_to_cwnd_at_the_exit() {
        Cubic cc = new Cubic();
        cc.init(1000);
        cc.enableLinuxHyStart(LinuxHyStart.DELAY);
        long ms = Durations.MS;
        cc.setCwnd(15_000);
        for (int k = 1; k <= 12; k++) {
            cc.pktsAcked(k * ms, 40 * ms, k * 1000, 1_000_000, () -> 0);
        }
        assertThat(cc.linuxHyStart().found()).as("cwnd 15 < hystart_low_window 16").isFalse();
        cc.setCwnd(16_000);
        for (int k = 1; k <= 8; k++) {
            cc.pktsAcked((20 + k) * ms, 46 * ms, (20 + k) * 1000, 1_000_000, () -> 0);
        }
        assertThat(cc.ssthresh()).isEqualTo(Integer.MAX_VALUE);
        // delay_min 40 ms from the first samples; 46 ms > 45 ms at the 9th sample of the round.
        cc.pktsAcked(29 * ms, 46 * ms, 29_000, 1_000_000, () -> 0);
        assertThat(cc.ssthresh()).isEqualTo(16_000);
        assertThat(cc.linuxHyStart().exitCwnd()).isEqualTo(16);
        // A timeout (TCP_CA_Loss) resets it: the slow start after it has HyStart again.
        cc.onLossState(30 * ms, 2_000_000);
        assertThat(cc.linuxHyStart().found()).isFalse();
    }

    @Test
    void the_default_for_cubic_is_linux_hystart_and_hystart_plus_plus_is_an_option() {
        CongestionControl def = CongestionControl.create(new TcpConfig());
        assertThat(((Cubic) def).linuxHyStart()).isNotNull();
        assertThat(def.inCss()).isFalse();
        CongestionControl pp = CongestionControl.create(new TcpConfig().hystartPlusPlus(true));
        assertThat(((Cubic) pp).linuxHyStart()).isNull();
        CongestionControl off = CongestionControl.create(new TcpConfig().hystart(false));
        assertThat(((Cubic) off).linuxHyStart()).isNull();
        assertThat(CongestionControl.create(new TcpConfig().congestionControl(CongestionAlgorithm.NEWRENO)))
                .isInstanceOf(NewReno.class);
    }
}
