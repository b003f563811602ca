package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.tools.Ss;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;
import org.junit.jupiter.api.Test;

/**
 * RACK-TLP (RFC 8985) segment by segment, as Linux 6.x runs it (tcp_recovery=1,
 * tcp_early_retrans=3). Each test first takes one RTT sample of 40 ms (SRTT 40 ms, RTTVAR 20 ms,
 * RTO 200 ms, min_rtt 40 ms), then sends a burst of four segments at T; the expected times follow
 * from those figures: RACK's reordering window is min_rtt / 4 = 10 ms, its timer adds Linux's
 * TCP_TIMEOUT_MIN (2 ms), and the tail loss probe timeout is 2 SRTT + 2 ms.
 */
class TcpRackTest extends ConnectionHarness {
    static final long RTT = 40 * MS;

    /** Established with SACK over a 40 ms round trip: the handshake took the one RTT sample. */
    TcpConnection warm(TcpConfig cfg) {
        TcpConnection c = socket(cfg);
        c.connect();
        recv();
        env.now += RTT;
        c.receive(withOptions(seg(dev.minternet.wire.TcpPacket.SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1), synAckOptions(true)));
        assertThat(recv().flags()).isEqualTo(ACK);
        assertThat(c.rtoEstimator().srtt()).isEqualTo(RTT);
        assertThat(c.rtoEstimator().rto()).isEqualTo(200 * MS);
        env.trace.clear();
        return c;
    }

    /** Sends four segments now; returns the first one's sequence number. */
    int burst(TcpConnection c) {
        int s0 = c.sndNxt();
        c.sendZeros(4 * MSS);
        for (int k = 0; k < 4; k++) {
            assertThat(recv().seq()).isEqualTo(s0 + k * MSS);
        }
        recvNothing();
        return s0;
    }

    static TcpRepr sackD(int ack, int... blocks) {
        return withOptions(seg(ACK, REMOTE_SEQ + 1, ack), new TcpOptions(0, -1, false, blocks, false, 0, 0));
    }

    long deadline() {
        return env.timers.get(TcpTimer.RETRANSMIT);
    }

    TraceEvent last(dev.minternet.trace.EventType type) {
        return env.trace.stream().filter(e -> e.is(type)).reduce((a, b) -> b).orElseThrow(() -> new AssertionError(env.trace));
    }

    @Test
    void rack_marks_a_loss_one_reordering_window_after_a_later_segment_is_sacked() {
        TcpConnection c = warm(cfg());
        long t = env.now;
        int s0 = burst(c);
        // Segment 0 is lost; segment 1's SACK comes back one RTT later: one SACKed segment, far
        // from DupThresh's three, so RACK waits RACK.rtt + min_rtt/4 from segment 0's sending.
        env.now = t + RTT;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        recvNothing();
        assertThat(deadline()).as("RFC 8985 6.2: xmit + RACK.rtt + reo_wnd, + 2 ms (Linux TCP_TIMEOUT_MIN)")
                .isEqualTo(t + RTT + 10 * MS + 2 * MS);
        env.fire(c, TcpTimer.RETRANSMIT);
        TcpRepr r = recv();
        assertThat(r.seq()).isEqualTo(s0);
        assertThat(env.now).isEqualTo(t + 52 * MS);
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.RECOVERY);
        assertThat(c.timeouts()).isZero();
        TraceEvent lost = last(TcpEvents.RACK_LOST);
        assertThat(lost.get(TcpEvents.SEQ)).isEqualTo(Seq.str(s0));
        assertThat(lost.get(TcpEvents.AGE_MS)).isEqualTo(52.0);
        assertThat(LossInfo.of(c).lost()).isEqualTo(1);
        assertThat(Ss.info(c)).contains(" retrans:0/1 lost:1 sacked:1 ");
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 4 * MSS));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
    }

    @Test
    void with_tcp_recovery_0_one_sack_changes_nothing_and_three_start_fast_retransmit() {
        TcpConnection c = warm(cfg().recovery(0).earlyRetrans(0));
        long t = env.now;
        int s0 = burst(c);
        assertThat(deadline()).as("the RTO, no probe").isEqualTo(t + 200 * MS);
        env.now = t + RTT;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        c.receive(sack(s0, s0 + MSS, s0 + 3 * MSS));
        recvNothing();
        assertThat(deadline()).isEqualTo(t + 200 * MS);
        c.receive(sack(s0, s0 + MSS, s0 + 4 * MSS));
        assertThat(recv().seq()).as("RFC 6675: DupThresh SACKed segments above it").isEqualTo(s0);
        assertThat(env.trace.stream().noneMatch(e -> e.is(TcpEvents.RACK_LOST))).isTrue();
    }

    @Test
    void reordering_inside_the_window_is_not_a_loss_and_is_counted() {
        TcpConnection c = warm(cfg());
        long t = env.now;
        int s0 = burst(c);
        env.now = t + RTT;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        // Segment 0 was only late: it arrives 5 ms later, inside the 10 ms window.
        env.now = t + RTT + 5 * MS;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 2 * MSS));
        recvNothing();
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
        assertThat(c.retransmittedSegments()).isZero();
        assertThat(LossInfo.of(c).reordSeen()).as("tcp_check_sack_reordering").isEqualTo(1);
        assertThat(Ss.info(c)).contains(" reord_seen:1").doesNotContain("reordering:").doesNotContain("lost:");
        assertThat(env.timers.get(TcpTimer.RETRANSMIT)).as("the timer is the probe again: 2 SRTT + 2 ms")
                .isEqualTo(env.now + Rack.ceilMs(2 * c.rtoEstimator().srtt() + 2 * MS));
    }

    @Test
    void a_dsack_after_a_spurious_retransmission_widens_the_window_by_one_step() {
        TcpConnection c = warm(cfg());
        // Reordering seen first (as above): afterwards RACK keeps its window even in recovery.
        long t = env.now;
        int s0 = burst(c);
        env.now = t + RTT;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        env.now = t + RTT + 5 * MS;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 4 * MSS));
        assertThat(LossInfo.of(c).reordSeen()).isEqualTo(1);

        // Segment 0 of the next burst is 15 ms late: RACK retransmits it after 10 ms.
        t = env.now;
        s0 = burst(c);
        env.now = t + RTT;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        assertThat(deadline()).isEqualTo(t + 52 * MS);
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(recv().seq()).isEqualTo(s0);
        // The original arrives, then the retransmission: the receiver DSACKs it (RFC 2883).
        env.now = t + RTT + 15 * MS;
        c.receive(sackD(s0 + 4 * MSS, s0, s0 + MSS));
        assertThat(LossInfo.of(c).dsackDups()).isEqualTo(1);
        // Segment 0 was retransmitted: its late delivery is not counted as reordering again.
        assertThat(Ss.info(c)).contains(" retrans:0/1 dsack_dups:1 reord_seen:1 ");
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);

        // Next burst, one segment late again: the window is now 2 x min_rtt/4 = 20 ms.
        t = env.now;
        s0 = burst(c);
        env.now = t + RTT;
        c.receive(sack(s0, s0 + MSS, s0 + 2 * MSS));
        assertThat(deadline()).as("tcp_rack_update_reo_wnd: reo_wnd_steps 2").isEqualTo(t + RTT + 20 * MS + 2 * MS);
    }

    @Test
    void a_tail_loss_is_repaired_by_a_probe_two_srtt_after_the_last_ack_instead_of_an_rto() {
        TcpConnection c = warm(cfg());
        long t = env.now;
        int s0 = burst(c);
        assertThat(deadline()).as("PTO = 2 SRTT + 2 ms from the last sending").isEqualTo(t + 82 * MS);
        // The last two segments are lost; the first two are acknowledged one RTT later.
        env.now = t + RTT;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 2 * MSS));
        recvNothing();
        assertThat(deadline()).as("two segments out: PTO = 2 SRTT + 2 ms").isEqualTo(t + RTT + 82 * MS);
        env.fire(c, TcpTimer.RETRANSMIT);
        TcpRepr probe = recv();
        assertThat(probe.seq()).as("no new data: the last segment again").isEqualTo(s0 + 3 * MSS);
        assertThat(env.retransmitted("tlp")).isTrue();
        TraceEvent tlp = last(TcpEvents.TLP);
        assertThat(tlp.get(TcpEvents.PROBE)).isEqualTo("last");
        assertThat(c.timeouts()).isZero();
        assertThat(deadline()).as("then the RTO, from the probe").isEqualTo(env.now + 200 * MS);
        int cwnd = c.congestionControl().cwnd();
        // The probe's SACK shows segment 2 lost: RACK marks it at once (sent before the probe, an RTT ago).
        env.now += RTT;
        c.receive(sack(s0 + 2 * MSS, s0 + 3 * MSS, s0 + 4 * MSS));
        TcpRepr r = recv();
        assertThat(r.seq()).isEqualTo(s0 + 2 * MSS);
        assertThat(env.now).as("one RTT after the probe, before the RTO at T + 240 ms").isEqualTo(t + 162 * MS);
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.RECOVERY);
        assertThat(c.congestionControl().cwnd()).isLessThan(cwnd);
        env.now += RTT;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 4 * MSS));
        assertThat(c.recoveryState()).isEqualTo(TcpConnection.Recovery.OPEN);
        assertThat(c.timeouts()).isZero();
        assertThat(LossInfo.of(c).lossProbes()).isEqualTo(1);
    }

    @Test
    void a_probe_that_alone_repairs_the_tail_reduces_cwnd_once() {
        TcpConnection c = warm(cfg());
        long t = env.now;
        int s0 = burst(c);
        env.now = t + RTT;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 3 * MSS));
        int before = c.congestionControl().cwnd();
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(recv().seq()).isEqualTo(s0 + 3 * MSS);
        env.now += RTT;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 4 * MSS));
        // Linux tcp_process_tlp_ack settles the episode on an ACK beyond tlp_high_seq (SND.NXT at
        // the probe) without a DSACK of the probe: the next data's ACK.
        assertThat(LossInfo.of(c).lossProbeRecoveries()).isZero();
        c.sendZeros(MSS);
        assertThat(recv().seq()).isEqualTo(s0 + 4 * MSS);
        env.now += RTT;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 5 * MSS));
        assertThat(LossInfo.of(c).lossProbeRecoveries()).as("tcp_process_tlp_ack: TCPLossProbeRecovery").isEqualTo(1);
        assertThat(c.congestionControl().cwnd()).as("CWR: cwnd = ssthresh").isEqualTo(c.congestionControl().ssthresh())
                .isLessThan(before);
        assertThat(c.timeouts()).isZero();
    }

    @Test
    void without_tail_loss_probes_the_tail_waits_for_the_rto() {
        TcpConnection c = warm(cfg().recovery(0).earlyRetrans(0));
        long t = env.now;
        int s0 = burst(c);
        env.now = t + RTT;
        c.receive(seg(ACK, REMOTE_SEQ + 1, s0 + 2 * MSS));
        assertThat(deadline()).isEqualTo(t + RTT + 200 * MS);
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(recv().seq()).isEqualTo(s0 + 2 * MSS);
        assertThat(c.timeouts()).isEqualTo(1);
        assertThat(c.congestionControl().cwnd()).isEqualTo(MSS);
    }

    @Test
    void the_receiver_dsacks_a_duplicate_and_counts_out_of_order_segments() {
        TcpConnection c = established(cfg(), true);
        int rs = REMOTE_SEQ + 1;
        c.receive(data(rs, LOCAL_SEQ + 1, 100));
        c.receive(data(rs + 200, LOCAL_SEQ + 1, 100)); // out of order: a hole at rs + 100
        env.sent.clear();
        c.receive(data(rs, LOCAL_SEQ + 1, 100)); // a duplicate
        TcpRepr a = recv();
        assertThat(a.options().sackBlocks()).as("RFC 2883: the D-SACK block first, then the SACK")
                .containsExactly(rs, rs + 100, rs + 200, rs + 300);
        assertThat(LossInfo.of(c).rcvOooPack()).isEqualTo(1);
        assertThat(Ss.info(c)).contains(" rcv_ooopack:1");
    }

    @Test
    void defaults_are_linux_and_the_sysctls_bound_them() {
        TcpConfig d = new TcpConfig();
        assertThat(d.recovery()).isEqualTo(1);
        assertThat(d.rack()).isTrue();
        assertThat(d.earlyRetrans()).isEqualTo(3);
        assertThat(d.tlp()).isTrue();
        assertThat(d.copy().recovery(0).rack()).isFalse();
        assertThat(d.copy().earlyRetrans(2).tlp()).isFalse();
        assertThat(d.copy().earlyRetrans(4).tlp()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.copy().earlyRetrans(5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
