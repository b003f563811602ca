package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.FIN;
import static dev.minternet.wire.TcpPacket.PSH;
import static dev.minternet.wire.TcpPacket.RST;
import static dev.minternet.wire.TcpPacket.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpRepr;
import org.junit.jupiter.api.Test;

/**
 * Segment-level tests of the state machine in the smoltcp style: drive one connection with
 * hand-made segments, timers and user calls, and check every segment it sends.
 */
class TcpConnectionTest extends ConnectionHarness {
    // ---------------------------------------------------------------- CLOSED

    @Test
    void test_closed_segment_with_ack_gets_rst_at_its_ack() {
        TcpRepr r = TcpConnection.resetFor(seg(ACK, 5, 77));
        assertThat(r.flags()).isEqualTo(RST);
        assertThat(r.seq()).isEqualTo(77);
        assertThat(r.srcPort()).isEqualTo(LOCAL_PORT);
        assertThat(r.dstPort()).isEqualTo(REMOTE_PORT);
    }

    @Test
    void test_closed_syn_gets_rst_ack_covering_the_syn() {
        TcpRepr r = TcpConnection.resetFor(seg(SYN, 5, 0));
        assertThat(r.flags()).isEqualTo(RST | ACK);
        assertThat(r.seq()).isZero();
        assertThat(r.ack()).isEqualTo(6);
        assertThat(TcpConnection.resetFor(seg(RST, 5, 0))).as("never answer a RST").isNull();
    }

    @Test
    void test_closed_connection_answers_with_rst() {
        TcpConnection c = socket(cfg());
        c.receive(TcpRepr.withData(REMOTE_PORT, LOCAL_PORT, REMOTE_SEQ, 0, PSH, 100, null, new byte[10]));
        TcpRepr r = recv();
        assertThat(r.flags()).isEqualTo(RST | ACK);
        assertThat(r.ack()).isEqualTo(REMOTE_SEQ + 10);
    }


    // ---------------------------------------------------------------- LISTEN

    @Test
    void test_listen_syn_answers_syn_ack_with_negotiated_options() {
        TcpConnection c = listening();
        TcpOptions peer = new TcpOptions(1400, 7, true, null, true, 555, 0);
        c.receive(withOptions(seg(SYN, REMOTE_SEQ, 0), peer));
        assertThat(c.state()).isEqualTo(TcpState.SYN_RECEIVED);
        TcpRepr s = recv();
        assertThat(s.flags()).isEqualTo(SYN | ACK);
        assertThat(s.seq()).isEqualTo(LOCAL_SEQ);
        assertThat(s.ack()).isEqualTo(REMOTE_SEQ + 1);
        // Linux: 65535 rounded down to whole segments of 1460 - 12 (timestamps): 45 x 1448
        assertThat(s.window()).isEqualTo(65160);
        assertThat(s.options().mss()).isEqualTo(MSS);
        assertThat(s.options().windowScale()).isEqualTo(7); // tcp_rmem[2] = 6 MB >> 7 fits 16 bits
        assertThat(s.options().sackPermitted()).isTrue();
        assertThat(s.options().timestamp()).isTrue();
        assertThat(s.options().tsEcr()).isEqualTo(555);
        assertThat(c.mss()).as("min(1400, 1460) minus 12 timestamp bytes").isEqualTo(1388);
        assertThat(c.sendWindowScale()).isEqualTo(7);
        assertThat(env.timers).containsEntry(TcpTimer.RETRANSMIT, Durations.S);
    }

    @Test
    void test_listen_syn_without_options_gets_a_plain_syn_ack() {
        TcpConnection c = listening();
        c.receive(seg(SYN, REMOTE_SEQ, 0));
        TcpRepr s = recv();
        assertThat(s.options()).isEqualTo(new TcpOptions(MSS, -1, false, null, false, 0, 0));
        assertThat(c.mss()).as("RFC 9293 default send MSS").isEqualTo(536);
    }

    @Test
    void test_listen_ack_gets_rst() {
        TcpConnection c = listening();
        c.receive(seg(ACK, REMOTE_SEQ, 1234));
        TcpRepr r = recv();
        assertThat(r.flags()).isEqualTo(RST);
        assertThat(r.seq()).isEqualTo(1234);
        assertThat(c.state()).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void test_listen_rst_is_ignored() {
        TcpConnection c = listening();
        c.receive(seg(RST, REMOTE_SEQ, 0));
        recvNothing();
        assertThat(c.state()).isEqualTo(TcpState.LISTEN);
    }

    @Test
    void test_listen_close_goes_to_closed() {
        TcpConnection c = listening();
        c.close();
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        recvNothing();
    }


    // ---------------------------------------------------------------- SYN-SENT

    @Test
    void test_syn_sent_connect_sends_syn_with_linux_options() {
        TcpConnection c = socket(cfg());
        c.connect();
        TcpRepr s = recv();
        assertThat(s.flags()).isEqualTo(SYN);
        assertThat(s.seq()).isEqualTo(LOCAL_SEQ);
        assertThat(s.options().mss()).isEqualTo(MSS);
        assertThat(s.options().sackPermitted()).isTrue();
        assertThat(s.options().timestamp()).isTrue();
        assertThat(s.options().windowScale()).isEqualTo(7);
        assertThat(s.window()).as("44 x 1460").isEqualTo(64240);
        assertThat(c.state()).isEqualTo(TcpState.SYN_SENT);
        assertThat(env.timers).containsEntry(TcpTimer.RETRANSMIT, RtoEstimator.INITIAL_RTO);
    }

    @Test
    void test_syn_sent_syn_ack_establishes_and_acks() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        env.now = 30 * MS;
        c.receive(withOptions(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1), synAckOptions(true)));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        TcpRepr a = recv();
        assertThat(a.flags()).isEqualTo(ACK);
        assertThat(a.seq()).isEqualTo(LOCAL_SEQ + 1);
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(a.options()).as("no timestamps: the peer did not offer them").isEqualTo(TcpOptions.NONE);
        assertThat(c.sackEnabled()).isTrue();
        assertThat(app.events).containsExactly("connected");
        assertThat(env.timers).doesNotContainKey(TcpTimer.RETRANSMIT);
        assertThat(c.rtoEstimator().srtt()).isEqualTo(30 * MS);
    }

    @Test
    void test_syn_sent_queued_data_goes_with_the_handshake_ack() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        assertThat(c.send(new byte[100])).isEqualTo(100);
        recvNothing();
        c.receive(withOptions(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1), synAckOptions(false)));
        assertThat(recv().payloadLength()).isZero();
        TcpRepr d = recv();
        assertThat(d.seq()).isEqualTo(LOCAL_SEQ + 1);
        assertThat(d.payloadLength()).isEqualTo(100);
        assertThat(d.flags()).isEqualTo(ACK | PSH);
    }

    @Test
    void test_syn_sent_unacceptable_ack_gets_rst() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        c.receive(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 5));
        TcpRepr r = recv();
        assertThat(r.flags()).isEqualTo(RST);
        assertThat(r.seq()).isEqualTo(LOCAL_SEQ + 5);
        assertThat(c.state()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void test_syn_sent_rst_ack_is_connection_refused() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        c.receive(seg(RST | ACK, 0, LOCAL_SEQ + 1));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(app.error).isEqualTo(TcpError.REFUSED);
        assertThat(env.closed).containsExactly(c);
        recvNothing();
    }

    @Test
    void test_syn_sent_rst_without_acceptable_ack_is_ignored() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        c.receive(seg(RST, 0, 0));
        assertThat(c.state()).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void test_syn_sent_retries_with_backoff_then_times_out() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        long[] expected = {1, 3, 7, 15, 31, 63};
        for (long t : expected) {
            env.fire(c, TcpTimer.RETRANSMIT);
            assertThat(env.now).isEqualTo(t * Durations.S);
            TcpRepr s = recv();
            assertThat(s.flags()).isEqualTo(SYN);
            assertThat(s.seq()).isEqualTo(LOCAL_SEQ);
        }
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(env.now).as("Linux gives up after 127 s").isEqualTo(127 * Durations.S);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(app.error).isEqualTo(TcpError.TIMED_OUT);
        recvNothing();
    }

    @Test
    void test_syn_sent_simultaneous_open() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        c.receive(withOptions(seg(SYN, REMOTE_SEQ, 0), synAckOptions(false)));
        assertThat(c.state()).isEqualTo(TcpState.SYN_RECEIVED);
        TcpRepr s = recv();
        assertThat(s.flags()).isEqualTo(SYN | ACK);
        assertThat(s.seq()).isEqualTo(LOCAL_SEQ);
        assertThat(s.ack()).isEqualTo(REMOTE_SEQ + 1);
        // The peer's SYN,ACK is a duplicate of the SYN: RFC 9293 answers it with an ACK.
        c.receive(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1));
        TcpRepr a = recv();
        assertThat(a.flags()).isEqualTo(ACK);
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1);
        // The peer's ACK of our SYN completes the open.
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(app.events).containsExactly("connected");
        assertThat(env.accepted).as("an active open is not accepted by a listener").isEmpty();
    }


    // ---------------------------------------------------------------- SYN-RECEIVED

    @Test
    void test_syn_received_ack_establishes_and_is_accepted() {
        TcpConnection c = synReceived();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(env.accepted).containsExactly(c);
        assertThat(env.timers).doesNotContainKey(TcpTimer.RETRANSMIT);
        recvNothing();
    }

    @Test
    void test_syn_received_ack_with_data_delivers_it() {
        TcpConnection c = synReceived();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 20));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(app.data.size()).isEqualTo(20);
    }

    @Test
    void test_syn_received_bad_ack_gets_rst() {
        TcpConnection c = synReceived();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 9));
        TcpRepr r = recv();
        assertThat(r.flags()).isEqualTo(RST);
        assertThat(r.seq()).isEqualTo(LOCAL_SEQ + 9);
        assertThat(c.state()).isEqualTo(TcpState.SYN_RECEIVED);
    }

    @Test
    void test_syn_received_retransmitted_syn_gets_syn_ack_again() {
        TcpConnection c = synReceived();
        c.receive(seg(SYN, REMOTE_SEQ, 0));
        TcpRepr s = recv();
        assertThat(s.flags()).isEqualTo(SYN | ACK);
        assertThat(c.state()).isEqualTo(TcpState.SYN_RECEIVED);
    }

    @Test
    void test_syn_received_rst_drops_a_passive_connection_silently() {
        TcpConnection c = synReceived();
        c.receive(seg(RST, REMOTE_SEQ + 1, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(env.closed).containsExactly(c);
        assertThat(app.error).isNull();
        recvNothing();
    }

    @Test
    void test_syn_received_syn_ack_timeout_retransmits_then_gives_up() {
        TcpConnection c = synReceived();
        for (int i = 0; i < TcpConfig.SYNACK_RETRIES; i++) {
            env.fire(c, TcpTimer.RETRANSMIT);
            assertThat(recv().flags()).isEqualTo(SYN | ACK);
        }
        env.fire(c, TcpTimer.RETRANSMIT);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(env.now).isEqualTo(63 * Durations.S);
    }

    @Test
    void test_syn_received_fin_goes_to_close_wait() {
        TcpConnection c = synReceived();
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(c.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 2);
    }


    // ---------------------------------------------------------------- ESTABLISHED: receiving

    @Test
    void test_established_data_is_delivered_and_ack_delayed() {
        TcpConnection c = established();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 100));
        assertThat(app.data.toByteArray()).isEqualTo(data(REMOTE_SEQ + 1, 0, 100).payloadBytes());
        recvNothing();
        assertThat(env.timers).containsEntry(TcpTimer.DELAYED_ACK, env.now + TcpConfig.DELAYED_ACK);
        env.fire(c, TcpTimer.DELAYED_ACK);
        TcpRepr a = recv();
        assertThat(a.flags()).isEqualTo(ACK);
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 101);
    }

    @Test
    void test_established_every_second_full_segment_is_acked_at_once() {
        TcpConnection c = established();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, MSS));
        recvNothing();
        c.receive(data(REMOTE_SEQ + 1 + MSS, LOCAL_SEQ + 1, MSS));
        TcpRepr a = recv();
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1 + 2 * MSS);
        assertThat(env.timers).doesNotContainKey(TcpTimer.DELAYED_ACK);
    }

    @Test
    void test_established_out_of_order_data_gets_immediate_dup_ack_with_sack() {
        TcpConnection c = established(cfg(), true);
        c.receive(data(REMOTE_SEQ + 101, LOCAL_SEQ + 1, 100));
        TcpRepr a = recv();
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(a.options().sackBlocks()).containsExactly(REMOTE_SEQ + 101, REMOTE_SEQ + 201);
        assertThat(app.data.size()).isZero();
        c.receive(data(REMOTE_SEQ + 301, LOCAL_SEQ + 1, 100));
        TcpRepr b = recv();
        assertThat(b.options().sackBlocks()).as("the most recent block first (RFC 2018 4)")
                .containsExactly(REMOTE_SEQ + 301, REMOTE_SEQ + 401, REMOTE_SEQ + 101, REMOTE_SEQ + 201);
    }

    @Test
    void test_established_out_of_order_fill_acks_everything_at_once() {
        TcpConnection c = established(cfg(), true);
        c.receive(data(REMOTE_SEQ + 101, LOCAL_SEQ + 1, 100));
        c.receive(data(REMOTE_SEQ + 301, LOCAL_SEQ + 1, 100));
        env.sent.clear();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 100));
        TcpRepr a = recv();
        assertThat(a.ack()).as("hole filled: ACK at once").isEqualTo(REMOTE_SEQ + 201);
        assertThat(a.options().sackBlocks()).containsExactly(REMOTE_SEQ + 301, REMOTE_SEQ + 401);
        c.receive(data(REMOTE_SEQ + 201, LOCAL_SEQ + 1, 100));
        TcpRepr b = recv();
        assertThat(b.ack()).isEqualTo(REMOTE_SEQ + 401);
        assertThat(b.options().sackBlocks()).isEmpty();
        byte[] want = new byte[400];
        for (int i = 0; i < 400; i++) {
            want[i] = (byte) (REMOTE_SEQ + 1 + i);
        }
        assertThat(app.data.toByteArray()).isEqualTo(want);
    }

    @Test
    void test_established_duplicate_data_is_acked_at_once() {
        TcpConnection c = established();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 100));
        env.fire(c, TcpTimer.DELAYED_ACK);
        recv();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 100));
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 101);
        assertThat(app.data.size()).isEqualTo(100);
    }

    @Test
    void test_established_segment_beyond_window_is_answered_with_ack() {
        TcpConnection c = established();
        c.receive(data(REMOTE_SEQ + 1 + 70000, LOCAL_SEQ + 1, 10));
        TcpRepr a = recv();
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(app.data.size()).isZero();
    }

    @Test
    void test_established_receive_window_closes_and_reopens_on_read() {
        // MSS 1000: the SYN offers the whole 2000-byte buffer (Linux rounds it down to whole MSS).
        TcpConnection c = established(cfg().receiveBuffer(2000).mss(1000), false);
        app.autoRead = false;
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 1000));
        c.receive(data(REMOTE_SEQ + 1001, LOCAL_SEQ + 1, 1000));
        TcpRepr a = recv(); // two full-sized (1000-byte) segments: ACK at once
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 2001);
        assertThat(a.window()).isZero();
        // Beyond a zero window: dropped, answered with the same ACK.
        c.receive(data(REMOTE_SEQ + 2001, LOCAL_SEQ + 1, 10));
        TcpRepr z = recv();
        assertThat(z.ack()).isEqualTo(REMOTE_SEQ + 2001);
        assertThat(z.window()).isZero();
        assertThat(c.available()).isEqualTo(2000);
        // Reading reopens the window, and the peer is told at once.
        byte[] buf = new byte[2000];
        assertThat(c.read(buf, 0, 2000)).isEqualTo(2000);
        TcpRepr u = recv();
        assertThat(u.window()).isEqualTo(2000);
    }

    @Test
    void test_established_zero_window_probe_is_answered() {
        TcpConnection c = established(cfg().receiveBuffer(1000), false);
        app.autoRead = false;
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 1000));
        env.fire(c, TcpTimer.DELAYED_ACK);
        assertThat(recv().window()).isZero();
        // A Linux-style probe (old sequence number, no data) must be answered with our window.
        c.receive(seg(ACK, REMOTE_SEQ + 1000, LOCAL_SEQ + 1));
        TcpRepr a = recv();
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1001);
        assertThat(a.window()).isZero();
    }

    @Test
    void test_established_paws_drops_an_old_timestamp() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        c.receive(withOptions(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1), new TcpOptions(MSS, -1, false, null, true, 5000, 1000)));
        recv();
        assertThat(c.timestampsEnabled()).isTrue();
        TcpRepr old = withOptions(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 10), TcpOptions.timestamps(4000, 1000));
        c.receive(old);
        TcpRepr a = recv();
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(a.options().tsEcr()).isEqualTo(5000);
        assertThat(app.data.size()).isZero();
        c.receive(withOptions(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 10), TcpOptions.timestamps(6000, 1000)));
        assertThat(app.data.size()).isEqualTo(10);
    }


    // ---------------------------------------------------------------- ESTABLISHED: sending

    @Test
    void test_established_send_emits_a_segment_and_arms_the_rto() {
        TcpConnection c = established();
        c.send("hello".getBytes());
        TcpRepr d = recv();
        assertThat(d.flags()).isEqualTo(ACK | PSH);
        assertThat(d.seq()).isEqualTo(LOCAL_SEQ + 1);
        assertThat(d.ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(new String(d.payloadBytes())).isEqualTo("hello");
        assertThat(env.timers).containsEntry(TcpTimer.RETRANSMIT, env.now + RtoEstimator.MIN_RTO);
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 6));
        assertThat(env.timers).doesNotContainKey(TcpTimer.RETRANSMIT);
        assertThat(c.sendQueue()).isZero();
    }

    @Test
    void test_established_nagle_holds_a_small_segment_until_acked() {
        TcpConnection c = established();
        c.send(new byte[100]);
        recv();
        c.send(new byte[100]);
        c.send(new byte[100]);
        recvNothing();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 101));
        TcpRepr d = recv();
        assertThat(d.seq()).isEqualTo(LOCAL_SEQ + 101);
        assertThat(d.payloadLength()).as("coalesced").isEqualTo(200);
    }

    @Test
    void test_established_nodelay_sends_small_segments_at_once() {
        TcpConnection c = established(cfg().noDelay(true), false);
        c.send(new byte[100]);
        c.send(new byte[100]);
        assertThat(recv().payloadLength()).isEqualTo(100);
        assertThat(recv().seq()).isEqualTo(LOCAL_SEQ + 101);
    }

    @Test
    void test_established_initial_window_is_ten_segments() {
        TcpConnection c = established();
        c.sendZeros(20 * MSS);
        for (int i = 0; i < 10; i++) {
            TcpRepr d = recv();
            assertThat(d.seq()).isEqualTo(LOCAL_SEQ + 1 + i * MSS);
            assertThat(d.payloadLength()).isEqualTo(MSS);
        }
        recvNothing();
        // A (delayed) ACK for two segments frees two and, as Linux counts every segment ACKed in
        // slow start (tcp_slow_start), opens cwnd by two: four go out.
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1 + 2 * MSS));
        for (int i = 0; i < 4; i++) {
            assertThat(recv().seq()).isEqualTo(LOCAL_SEQ + 1 + (10 + i) * MSS);
        }
        recvNothing();
    }

    @Test
    void test_established_send_buffer_full_then_writable() {
        TcpConnection c = established(cfg().sendBuffer(3000), false);
        assertThat(c.sendZeros(5000)).isEqualTo(3000);
        assertThat(c.sendZeros(1)).isZero();
        env.sent.clear();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1 + MSS));
        assertThat(app.events).containsExactly("writable");
        assertThat(c.sendBufferFree()).isEqualTo(MSS);
    }

    @Test
    void test_established_peer_zero_window_starts_persist_probes() {
        TcpConnection c = established();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1, 0));
        c.send(new byte[100]);
        recvNothing();
        long first = env.timers.get(TcpTimer.PERSIST);
        env.fire(c, TcpTimer.PERSIST);
        TcpRepr probe = recv();
        assertThat(probe.seq()).as("Linux probes with SND.UNA - 1").isEqualTo(LOCAL_SEQ);
        assertThat(probe.ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(probe.flags()).isEqualTo(ACK);
        assertThat(probe.payloadLength()).isZero();
        long second = env.timers.get(TcpTimer.PERSIST);
        assertThat(second - env.now).as("backoff").isEqualTo(2 * (first - 10 * MS));
        // The probe's answer opens the window: the data goes.
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1, 1000));
        TcpRepr d = recv();
        assertThat(d.payloadLength()).isEqualTo(100);
        assertThat(env.timers).doesNotContainKey(TcpTimer.PERSIST);
    }

    @Test
    void test_established_window_scaling_scales_the_peer_window() {
        TcpConnection c = socket(cfg());
        c.connect();
        recv();
        c.receive(withOptions(seg(SYN | ACK, REMOTE_SEQ, LOCAL_SEQ + 1), new TcpOptions(MSS, 3, false, null, false, 0, 0)));
        TcpRepr a = recv();
        assertThat(a.window()).as("rcv_ssthresh 64240 rounded up to 2^7: 64256 >> 7").isEqualTo(502);
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1, 1000));
        assertThat(c.sndWnd()).isEqualTo(8000);
    }

    @Test
    void test_established_fin_goes_to_close_wait() {
        TcpConnection c = established();
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 1));
        assertThat(c.state()).isEqualTo(TcpState.CLOSE_WAIT);
        TcpRepr a = recv();
        assertThat(a.ack()).as("FIN acknowledged at once").isEqualTo(REMOTE_SEQ + 2);
        assertThat(app.events).containsExactly("peer-closed");
        assertThat(c.isEof()).isTrue();
    }

    @Test
    void test_established_out_of_order_fin_waits_for_the_data() {
        TcpConnection c = established();
        TcpRepr finWithData = TcpRepr.withData(REMOTE_PORT, LOCAL_PORT, REMOTE_SEQ + 11, LOCAL_SEQ + 1, ACK | FIN, 65535,
                null, new byte[10]);
        c.receive(finWithData);
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 1);
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 10));
        assertThat(c.state()).isEqualTo(TcpState.CLOSE_WAIT);
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 22);
        assertThat(app.data.size()).isEqualTo(20);
    }

    @Test
    void test_established_rst_resets_the_connection() {
        TcpConnection c = established();
        c.receive(seg(RST, REMOTE_SEQ + 1, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(app.events).containsExactly("closed:ECONNRESET");
        recvNothing();
    }

    @Test
    void test_established_rst_in_window_but_not_exact_gets_challenge_ack() {
        TcpConnection c = established();
        c.receive(seg(RST, REMOTE_SEQ + 100, 0));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        TcpRepr a = recv();
        assertThat(a.flags()).isEqualTo(ACK);
        assertThat(a.ack()).isEqualTo(REMOTE_SEQ + 1);
    }

    @Test
    void test_established_rst_outside_window_is_dropped() {
        TcpConnection c = established();
        c.receive(seg(RST, REMOTE_SEQ + 100000, 0));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        recvNothing();
    }

    @Test
    void test_established_answers_to_invalid_acks_are_rate_limited() {
        TcpConnection c = established();
        c.receive(seg(ACK, REMOTE_SEQ + 100000, LOCAL_SEQ + 1));
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 1);
        c.receive(seg(ACK, REMOTE_SEQ + 100000, LOCAL_SEQ + 1));
        recvNothing(); // within 500 ms: no ACK war
        c.receive(data(REMOTE_SEQ + 100000, LOCAL_SEQ + 1, 10));
        assertThat(recv().ack()).as("data is always answered").isEqualTo(REMOTE_SEQ + 1);
        env.now += TcpConnection.INVALID_RATELIMIT;
        c.receive(seg(ACK, REMOTE_SEQ + 100000, LOCAL_SEQ + 1));
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 1);
    }

    @Test
    void test_established_syn_gets_challenge_ack() {
        TcpConnection c = established();
        c.receive(seg(SYN, REMOTE_SEQ + 1, 0));
        assertThat(c.state()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(recv().flags()).isEqualTo(ACK);
    }

    @Test
    void test_established_ack_of_unsent_data_is_answered_and_dropped() {
        TcpConnection c = established();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 500, 10));
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 1);
        assertThat(app.data.size()).isZero();
    }

    @Test
    void test_established_abort_sends_rst() {
        TcpConnection c = established();
        c.abort();
        TcpRepr r = recv();
        assertThat(r.flags()).isEqualTo(RST);
        assertThat(r.seq()).isEqualTo(LOCAL_SEQ + 1);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_established_close_with_unread_data_sends_rst() {
        TcpConnection c = established();
        app.autoRead = false;
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 1, 10));
        c.close();
        assertThat(recv().flags()).isEqualTo(RST);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_established_close_sends_fin_after_the_data() {
        TcpConnection c = established();
        c.send(new byte[100]);
        c.send(new byte[100]); // held by Nagle
        recv();
        recvNothing();
        c.close();
        TcpRepr d = recv();
        assertThat(d.flags()).as("the FIN rides on the last data; Nagle lets FIN segments go (as Linux)")
                .isEqualTo(ACK | PSH | FIN);
        assertThat(d.seq()).isEqualTo(LOCAL_SEQ + 101);
        assertThat(d.payloadLength()).isEqualTo(100);
    }

    @Test
    void test_established_half_close_keeps_receiving() {
        TcpConnection c = established();
        c.shutdownOutput();
        assertThat(recv().flags()).isEqualTo(FIN | ACK);
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_2);
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 2, 50));
        assertThat(app.data.size()).isEqualTo(50);
        assertThat(c.send(new byte[1])).as("no sending after shutdown").isEqualTo(-1);
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 51, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void test_state_transitions_are_traced() {
        TcpConnection c = socket(cfg());
        c.connect();
        assertThat(env.trace).anyMatch(e -> e.is(TcpEvents.STATE) && "CLOSED".equals(e.get(TcpEvents.FROM))
                && "SYN-SENT".equals(e.get(TcpEvents.TO)));
    }
}
