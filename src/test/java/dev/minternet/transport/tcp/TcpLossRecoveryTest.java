package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.TcpRepr;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loss recovery, segment by segment: the retransmission timer (RFC 6298), fast retransmit and
 * NewReno (RFC 5681, RFC 6582), limited transmit (RFC 3042), SACK recovery (RFC 6675) and PRR
 * (RFC 6937).
 */
class TcpLossRecoveryTest extends ConnectionHarness {
    @Test
    void test_established_rto_retransmits_and_backs_off() {
        TcpConnection c = established();
        c.send(new byte[100]);
        recv();
        long rto = env.timers.get(TcpTimer.RETRANSMIT) - env.now;
        env.fire(c, TcpTimer.RETRANSMIT);
        TcpRepr r = recv();
        assertThat(r.seq()).isEqualTo(LOCAL_SEQ + 1);
        assertThat(r.payloadLength()).isEqualTo(100);
        assertThat(env.timers.get(TcpTimer.RETRANSMIT) - env.now).isEqualTo(2 * rto);
        assertThat(c.congestionControl().cwnd()).isEqualTo(MSS);
        assertThat(env.retransmitted("rto")).isTrue();
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(recv().seq()).isEqualTo(LOCAL_SEQ + 1);
        assertThat(env.timers.get(TcpTimer.RETRANSMIT) - env.now).isEqualTo(4 * rto);
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 101));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
    }

    @Test
    void test_established_rto_gives_up_after_max_retries() {
        TcpConnection c = established(cfg().maxRetries(3), false);
        c.send(new byte[100]);
        recv();
        for (int i = 0; i < 3; i++) {
            env.fire(c, TcpTimer.RETRANSMIT);
            recv();
        }
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(app.error).isEqualTo(TcpError.TIMED_OUT);
        recvNothing();
    }

    @Test
    void test_established_three_dup_acks_fast_retransmit_newreno() {
        TcpConnection c = established(cfg().congestionControl(CongestionAlgorithm.NEWRENO), false);
        c.sendZeros(10 * MSS);
        env.sent.clear();
        int una = LOCAL_SEQ + 1;
        c.receive(seg(ACK, REMOTE_SEQ + 1, una));
        c.receive(seg(ACK, REMOTE_SEQ + 1, una));
        recvNothing();
        c.receive(seg(ACK, REMOTE_SEQ + 1, una));
        TcpRepr r = recv();
        assertThat(r.seq()).isEqualTo(una);
        assertThat(r.payloadLength()).isEqualTo(MSS);
        assertThat(c.congestionControl().ssthresh()).isEqualTo(5 * MSS);
        assertThat(c.congestionControl().cwnd()).as("ssthresh + 3 SMSS").isEqualTo(8 * MSS);
        assertThat(env.retransmitted("fast")).isTrue();
        // Each further duplicate inflates cwnd by one SMSS.
        c.receive(seg(ACK, REMOTE_SEQ + 1, una));
        assertThat(c.congestionControl().cwnd()).isEqualTo(9 * MSS);
        // A partial ACK retransmits the next hole at once (RFC 6582).
        c.receive(seg(ACK, REMOTE_SEQ + 1, una + 3 * MSS));
        TcpRepr p = recv();
        assertThat(p.seq()).isEqualTo(una + 3 * MSS);
        // The full ACK ends recovery with cwnd = min(ssthresh, FlightSize + SMSS).
        c.receive(seg(ACK, REMOTE_SEQ + 1, una + 10 * MSS));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
        assertThat(c.congestionControl().cwnd()).as("nothing in flight: max(0, SMSS) + SMSS").isEqualTo(2 * MSS);
    }

    @Test
    void test_established_limited_transmit_sends_new_data_on_first_dup_acks() {
        TcpConnection c = established(cfg().congestionControl(CongestionAlgorithm.NEWRENO), false);
        c.sendZeros(12 * MSS);
        env.sent.clear();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(recv().seq()).isEqualTo(LOCAL_SEQ + 1 + 10 * MSS);
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(recv().seq()).isEqualTo(LOCAL_SEQ + 1 + 11 * MSS);
    }

    @Test
    void test_established_sack_recovery_retransmits_every_hole() {
        // RFC 6675's DupThresh rule: RACK (Linux's default, tcp_recovery=1) is off here; with it,
        // segment 0 is lost as soon as segment 1 is SACKed (RacksTest).
        TcpConnection c = established(cfg().recovery(0), true);
        c.sendZeros(10 * MSS);
        env.sent.clear();
        int s0 = LOCAL_SEQ + 1;
        // Segments 0 and 2 are lost; the receiver SACKs 1 and then 3..9 one by one.
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        for (int k = 3; k < 10; k++) {
            c.receive(sack(s0, s0 + 3 * MSS, s0 + (k + 1) * MSS, s0 + MSS, s0 + 2 * MSS));
        }
        List<Integer> retransmitted = new ArrayList<>();
        for (TcpRepr r : env.sent) {
            retransmitted.add(r.seq() - s0);
        }
        assertThat(retransmitted).as(env.trace.toString()).containsExactly(0, 2 * MSS);
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.RECOVERY);
        assertThat(env.retransmitted("sack")).isTrue();
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 10 * MSS));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
    }

    @Test
    void test_established_rto_skips_sacked_data() {
        // RFC 6675 and the RTO alone (tcp_recovery=0, tcp_early_retrans=0): with RACK-TLP the SACK
        // would mark segment 0 lost at once and the timer would first send a tail loss probe.
        TcpConnection c = established(cfg().recovery(0).earlyRetrans(0), true);
        c.sendZeros(4 * MSS);
        env.sent.clear();
        int s0 = LOCAL_SEQ + 1;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        env.sent.clear();
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(recv().seq()).isEqualTo(s0);
        recvNothing(); // cwnd = 1 SMSS
        c.receive(sack(s0 + MSS, s0 + 2 * MSS, s0 + 2 * MSS));
        // Slow start: cwnd 2, and the SACKed segment 1 is skipped.
        assertThat(recv().seq()).isEqualTo(s0 + 2 * MSS);
        assertThat(recv().seq()).isEqualTo(s0 + 3 * MSS);
        recvNothing();
    }

    @Test
    void test_established_fast_retransmit_again_right_after_a_full_ack() {
        TcpConnection c = established(cfg().congestionControl(CongestionAlgorithm.NEWRENO), false);
        c.sendZeros(10 * MSS);
        int una = LOCAL_SEQ + 1;
        for (int i = 0; i < 3; i++) {
            c.receive(seg(ACK, REMOTE_SEQ + 1, una));
        }
        c.receive(seg(ACK, REMOTE_SEQ + 1, una + 10 * MSS));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
        c.sendZeros(10 * MSS);
        env.sent.clear();
        for (int i = 0; i < 3; i++) {
            c.receive(seg(ACK, REMOTE_SEQ + 1, una + 10 * MSS));
        }
        assertThat(c.recoveryState()).as("the ACK covered more than 'recover'").isEqualTo(TcpConnection.Recovery.RECOVERY);
    }

    /**
     * Linux's tcp_reno_ssthresh (max(cwnd >> 1, 2) segments) when FlightSize is far below cwnd: a
     * Reno sender whose cwnd grew to 20 segments, then an application that writes 6. Segment 0 is
     * lost; once RACK has seen 3 segments after it SACKed (reo_wnd 0), it is marked lost and fast
     * recovery starts (tcp_init_cwnd_reduction) with ssthresh = 20 >> 1 = 10 segments. RFC 5681's
     * FlightSize / 2, less the 3 SACKed segments, would give max(3 / 2, 2) = 2.
     */
    @Test
    void test_reno_fast_retransmit_halves_cwnd_not_flight_size() {
        TcpConnection c = established(cfg().congestionControl(CongestionAlgorithm.NEWRENO), true);
        int s0 = LOCAL_SEQ + 1;
        growCwndTo20Segments(c, s0);
        c.sendZeros(6 * MSS);
        env.sent.clear();
        for (int k = 1; k <= 3; k++) {
            c.receive(sack(s0 + 30 * MSS, s0 + 31 * MSS, s0 + (31 + k) * MSS));
        }
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.RECOVERY);
        assertThat(recv().seq()).as("the fast retransmission").isEqualTo(s0 + 30 * MSS);
        assertThat(c.congestionControl().ssthresh()).as("20 segments of cwnd >> 1").isEqualTo(10 * MSS);
        // The full ACK ends recovery with cwnd = ssthresh (PRR, tcp_end_cwnd_reduction).
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 36 * MSS));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
        assertThat(c.congestionControl().cwnd()).isEqualTo(10 * MSS);
    }

    /**
     * The same rule at a timeout (tcp_enter_loss calls ca_ops->ssthresh): cwnd 20 segments, 4
     * segments out when the timer fires, ssthresh 10 segments (FlightSize / 2 would be 2), cwnd
     * the loss window; a backed-off timeout of the same data leaves ssthresh alone.
     */
    @Test
    void test_reno_timeout_halves_cwnd_not_flight_size() {
        TcpConnection c = established(cfg().congestionControl(CongestionAlgorithm.NEWRENO).earlyRetrans(0), true);
        int s0 = LOCAL_SEQ + 1;
        growCwndTo20Segments(c, s0);
        c.sendZeros(4 * MSS);
        env.sent.clear();
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(recv().seq()).isEqualTo(s0 + 30 * MSS);
        assertThat(c.congestionControl().ssthresh()).as("20 segments of cwnd >> 1").isEqualTo(10 * MSS);
        assertThat(c.congestionControl().cwnd()).isEqualTo(MSS);
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(c.congestionControl().ssthresh()).isEqualTo(10 * MSS);
    }

    /**
     * Slow start from 10 to 20 segments (each of the first 10 ACKed alone), which sends the other
     * 20 of 30; one ACK of all 30, which finds the sender no longer cwnd-limited: nothing in flight.
     */
    private void growCwndTo20Segments(TcpConnection c, int s0) {
        c.sendZeros(30 * MSS);
        for (int k = 1; k <= 10; k++) {
            c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + k * MSS));
        }
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 30 * MSS));
        assertThat(c.sndNxt()).isEqualTo(c.sndUna());
        assertThat(c.congestionControl().cwnd()).isEqualTo(20 * MSS);
    }

    /**
     * RFC 6937 3.1, the single-loss example: cwnd = FlightSize = 20 segments, segment 0 is lost,
     * limited transmit (RFC 3042) sends a new segment on each of the first 2 duplicate ACKs and
     * the 3rd starts fast recovery with the retransmission. From then on PRR sends in proportion
     * to what the ACKs report delivered, sndcnt = CEIL(prr_delivered * ssthresh / RecoverFS) -
     * prr_out (RFC 6937 3), so about one segment every other ACK, until pipe falls to ssthresh and
     * the slow start reduction bound sends ssthresh - pipe ("s" in the RFC's table). RFC 6675
     * alone stays silent until pipe drops below cwnd, half a window later, then sends on every
     * ACK. The RFC's table assumes ssthresh = 10 segments; here ssthresh = FlightSize / 2 = 9.5,
     * since our FlightSize leaves out the 3 SACKed segments. RecoverFS is Linux's prior_cwnd, the
     * 20-segment cwnd before the reduction (tcp_init_cwnd_reduction; RFC 6937 would take
     * SND.NXT - SND.UNA = 22, with the 2 limited transmits), and the ACK that starts recovery
     * counts as delivered (tcp_cong_control runs tcp_cwnd_reduction after tcp_fastretrans_alert
     * entered recovery): after ACK k (k &gt;= 3), prr_delivered = k - 2 segments, so prr_out =
     * CEIL((k - 2) * 9.5 / 20) = 1, 1, 2, 2, 3, ... and a new segment goes on every other ACK from
     * the 5th. The pauses fall a little differently from the RFC's table, the spreading is the same.
     */
    @Test
    void test_recovery_prr_spreads_the_window_reduction_over_the_round_trip() {
        TcpConnection c = established(cfg().congestionControl(CongestionAlgorithm.NEWRENO), true);
        int s0 = LOCAL_SEQ + 1;
        c.sendZeros(60 * MSS);
        // Slow start to cwnd = FlightSize = 20 segments: the first 10 acknowledged one by one.
        for (int k = 1; k <= 10; k++) {
            c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + k * MSS));
        }
        assertThat(c.congestionControl().cwnd()).isEqualTo(20 * MSS);
        assertThat(c.sndNxt() - c.sndUna()).isEqualTo(20 * MSS);
        env.sent.clear();

        int una = c.sndUna(); // segment 0 of the window, lost; ACK k SACKs segments 1..k
        long recoverFs = 0;
        int sentInRecovery = 0;
        StringBuilder perAck = new StringBuilder();
        for (int k = 1; k <= 19; k++) {
            int highData = c.sndNxt();
            c.receive(sack(una, una + MSS, una + (k + 1) * MSS));
            assertThat(env.sent.size()).as("ACK %d sends at most one segment", k).isLessThanOrEqualTo(1);
            TcpRepr r = env.sent.poll();
            perAck.append(k == 1 ? "" : " ").append(r == null ? "." : Seq.lt(r.seq(), highData) ? "R" : "N");
            if (k == 3) {
                assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.RECOVERY);
                assertThat(c.sndNxt() - una).as("20 segments and the 2 limited transmits").isEqualTo(22 * MSS);
                recoverFs = 20L * MSS; // Linux prior_cwnd: cwnd before the reduction, not SND.NXT - SND.UNA
                assertThat(c.congestionControl().ssthresh()).as("Linux tcp_reno_ssthresh: cwnd 20 >> 1").isEqualTo(10 * MSS);
            }
            if (k >= 3) {
                sentInRecovery += r == null ? 0 : 1;
            }
            if (k >= 4 && k <= 18) { // pipe > ssthresh: the proportional part
                long delivered = (long) (k - 2) * MSS; // the ACK that started recovery counts (Linux)
                long quota = (delivered * c.congestionControl().ssthresh() + recoverFs - 1) / recoverFs;
                assertThat(sentInRecovery).as("ACK %d: prr_out follows CEIL(prr_delivered * ssthresh / RecoverFS)", k)
                        .isEqualTo((int) ((quota + MSS - 1) / MSS));
            }
        }
        assertThat(perAck.toString()).isEqualTo("N N R . N . N . N . N . N . N . N . .");
    }
}
