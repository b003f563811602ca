package dev.minternet.netfilter;

import static dev.minternet.wire.TcpPacket.ACK;
import static dev.minternet.wire.TcpPacket.FIN;
import static dev.minternet.wire.TcpPacket.RST;
import static dev.minternet.wire.TcpPacket.SYN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Conntrack's TCP states follow the segments of a connection's life, as Linux's table does. */
class TcpStateTest {
    private static final boolean ORIG = false;
    private static final boolean REPLY = true;

    @Test
    void the_three_way_handshake_establishes() {
        TcpState s = TcpState.NONE.next(SYN, ORIG, false);
        assertThat(s).isEqualTo(TcpState.SYN_SENT);
        s = s.next(SYN | ACK, REPLY, false);
        assertThat(s).isEqualTo(TcpState.SYN_RECV);
        s = s.next(ACK, ORIG, false);
        assertThat(s).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void a_close_from_the_client_passes_fin_wait_close_wait_last_ack_time_wait() {
        TcpState s = TcpState.ESTABLISHED.next(FIN | ACK, ORIG, false);
        assertThat(s).isEqualTo(TcpState.FIN_WAIT);
        s = s.next(ACK, REPLY, ORIG);
        assertThat(s).isEqualTo(TcpState.CLOSE_WAIT);
        s = s.next(FIN | ACK, REPLY, ORIG);
        assertThat(s).isEqualTo(TcpState.LAST_ACK);
        s = s.next(ACK, ORIG, ORIG);
        assertThat(s).isEqualTo(TcpState.TIME_WAIT);
    }

    @Test
    void a_reset_closes_from_any_state_and_a_new_syn_reopens() {
        assertThat(TcpState.ESTABLISHED.next(RST, REPLY, false)).isEqualTo(TcpState.CLOSE);
        assertThat(TcpState.SYN_SENT.next(RST | ACK, REPLY, false)).isEqualTo(TcpState.CLOSE);
        assertThat(TcpState.CLOSE.next(SYN, ORIG, false)).isEqualTo(TcpState.SYN_SENT);
        assertThat(TcpState.TIME_WAIT.next(SYN, ORIG, false)).isEqualTo(TcpState.SYN_SENT);
    }

    @Test
    void timeouts_follow_the_state() {
        assertThat(TcpState.ESTABLISHED.timeout(Timeouts.LINUX)).isEqualTo(432_000L * 1_000_000_000L);
        assertThat(TcpState.ESTABLISHED.timeout(Timeouts.NAT)).isEqualTo(7440L * 1_000_000_000L);
        assertThat(TcpState.SYN_SENT.timeout(Timeouts.NAT)).isEqualTo(240L * 1_000_000_000L);
        assertThat(TcpState.TIME_WAIT.timeout(Timeouts.LINUX)).isEqualTo(120L * 1_000_000_000L);
    }
}
