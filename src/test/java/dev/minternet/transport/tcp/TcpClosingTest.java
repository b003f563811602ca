package dev.minternet.transport.tcp;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.FIN;
import static dev.minternet.wire.TcpPacket.RST;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.wire.TcpRepr;
import org.junit.jupiter.api.Test;

/** Connection termination (RFC 9293 3.6): FIN-WAIT-1 and -2, CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT. */
class TcpClosingTest extends ConnectionHarness {
    @Test
    void test_fin_wait_1_ack_of_fin_goes_to_fin_wait_2() {
        finWait2();
        assertThat(env.timers).doesNotContainKey(TcpTimer.RETRANSMIT);
    }

    @Test
    void test_fin_wait_1_fin_goes_to_closing() {
        TcpConnection c = closing();
        c.receive(seg(ACK, REMOTE_SEQ + 2, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void test_fin_wait_1_fin_ack_goes_to_time_wait() {
        TcpConnection c = finWait1();
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 2);
    }

    @Test
    void test_fin_wait_1_fin_is_retransmitted_on_rto() {
        TcpConnection c = finWait1();
        env.fire(c, TcpTimer.RETRANSMIT);
        TcpRepr f = recv();
        assertThat(f.flags()).isEqualTo(FIN | ACK);
        assertThat(f.seq()).isEqualTo(LOCAL_SEQ + 1);
    }

    @Test
    void test_fin_wait_1_rst_resets() {
        TcpConnection c = finWait1();
        c.receive(seg(RST, REMOTE_SEQ + 1, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_fin_wait_2_fin_goes_to_time_wait() {
        timeWait();
    }

    @Test
    void test_fin_wait_2_times_out_when_the_peer_never_closes() {
        TcpConnection c = finWait2();
        long entered = env.now;
        env.fire(c, TcpTimer.TIME_WAIT);
        assertThat(env.now - entered).isEqualTo(TcpConfig.FIN_TIMEOUT);
        assertThat(recv().flags()).isEqualTo(RST);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_fin_wait_2_half_close_waits_without_timeout() {
        TcpConnection c = established();
        c.shutdownOutput();
        recv();
        c.receive(seg(ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.FIN_WAIT_2);
        assertThat(env.timers).as("still reading: no tcp_fin_timeout").isEmpty();
    }

    @Test
    void test_fin_wait_2_rst_resets() {
        TcpConnection c = finWait2();
        c.receive(seg(RST, REMOTE_SEQ + 1, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_fin_wait_2_data_after_close_is_answered_with_rst() {
        TcpConnection c = finWait2();
        c.receive(data(REMOTE_SEQ + 1, LOCAL_SEQ + 2, 10));
        assertThat(recv().flags()).isEqualTo(RST);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_close_wait_close_sends_fin_and_goes_to_last_ack() {
        lastAck();
    }

    @Test
    void test_close_wait_rst_resets() {
        TcpConnection c = closeWait();
        c.receive(seg(RST, REMOTE_SEQ + 2, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(app.error).isEqualTo(TcpError.RESET);
    }

    @Test
    void test_close_wait_can_still_send() {
        TcpConnection c = closeWait();
        c.send(new byte[10]);
        assertThat(recv().payloadLength()).isEqualTo(10);
    }

    @Test
    void test_last_ack_ack_of_fin_closes() {
        TcpConnection c = lastAck();
        c.receive(seg(ACK, REMOTE_SEQ + 2, LOCAL_SEQ + 2));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(env.closed).containsExactly(c);
        assertThat(app.events).contains("closed");
        assertThat(env.timers).isEmpty();
    }

    @Test
    void test_last_ack_rst_closes() {
        TcpConnection c = lastAck();
        c.receive(seg(RST, REMOTE_SEQ + 2, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_closing_rst_closes() {
        TcpConnection c = closing();
        c.receive(seg(RST, REMOTE_SEQ + 2, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }

    @Test
    void test_time_wait_expires_after_two_msl() {
        TcpConnection c = timeWait();
        long entered = env.now;
        assertThat(env.timers).containsOnlyKeys(TcpTimer.TIME_WAIT);
        env.fire(c, TcpTimer.TIME_WAIT);
        assertThat(env.now - entered).isEqualTo(60 * Durations.S);
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
        assertThat(env.closed).containsExactly(c);
    }

    @Test
    void test_time_wait_retransmitted_fin_is_acked_and_restarts_the_timer() {
        TcpConnection c = timeWait();
        env.now += 10 * Durations.S;
        c.receive(seg(FIN | ACK, REMOTE_SEQ + 1, LOCAL_SEQ + 2));
        assertThat(recv().ack()).isEqualTo(REMOTE_SEQ + 2);
        assertThat(env.timers).containsEntry(TcpTimer.TIME_WAIT, env.now + 60 * Durations.S);
    }

    @Test
    void test_time_wait_rst_closes() {
        TcpConnection c = timeWait();
        c.receive(seg(RST, REMOTE_SEQ + 2, 0));
        assertThat(c.state()).isEqualTo(TcpState.CLOSED);
    }
}
