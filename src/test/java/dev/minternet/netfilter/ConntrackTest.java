package dev.minternet.netfilter;

import static dev.minternet.sim.Durations.S;
import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.UdpRepr;
import org.junit.jupiter.api.Test;

/** Flows are found by either tuple, and idle flows expire after their protocol's timeout. */
class ConntrackTest {
    static final int A = Ip4.parse("10.0.0.2");
    static final int B = Ip4.parse("10.0.1.2");

    final Simulator sim = new Simulator(1);
    final Trace trace = new Trace(sim);

    Conntrack table(Timeouts t) {
        return new Conntrack("n", sim, trace, t);
    }

    void advanceTo(long t) {
        sim.scheduleAt(t, () -> { });
        sim.run();
    }

    @Test
    void a_flow_is_found_by_its_reply_tuple_in_the_reply_direction() {
        Conntrack ct = table(Timeouts.LINUX);
        byte[] d = new UdpRepr(40000, 53, new byte[8]).toDatagram(A, B, 64, 1, false);
        Conn c = ct.create(Tuple.of(d));
        Conntrack.Match m = ct.find(new Tuple(17, B, 53, A, 40000));
        assertThat(m.conn()).isSameAs(c);
        assertThat(m.reply()).isTrue();
        assertThat(ct.find(Tuple.of(d)).reply()).isFalse();
    }

    @Test
    void an_unreplied_udp_flow_lives_30_s_and_a_replied_one_120_s_as_on_linux() {
        Conntrack ct = table(Timeouts.LINUX);
        byte[] q = new UdpRepr(40000, 53, new byte[8]).toDatagram(A, B, 64, 1, false);
        Conn c = ct.create(Tuple.of(q));
        ct.seen(c, false, q);
        assertThat(c.expiresAt()).isEqualTo(30 * S);
        advanceTo(10 * S);
        ct.seen(c, true, new UdpRepr(53, 40000, new byte[8]).toDatagram(B, A, 64, 2, false));
        assertThat(c.expiresAt()).isEqualTo(130 * S);
        advanceTo(130 * S);
        assertThat(ct.find(Tuple.of(q))).as("expired at 130 s").isNull();
    }

    @Test
    void on_a_nat_an_echo_flow_lives_60_s_and_an_established_tcp_flow_2_h_4_min() {
        Conntrack ct = table(Timeouts.NAT);
        byte[] ping = new IcmpRepr.Echo(true, 7, 1, new byte[8]).toDatagram(A, B, 64, 1);
        Conn echo = ct.create(Tuple.of(ping));
        ct.seen(echo, false, ping);
        assertThat(echo.expiresAt()).isEqualTo(Timeouts.NAT_ICMP).isEqualTo(60 * S);

        byte[] syn = Segments.tcp(A, B, 40000, 443, 1, 0, TcpPacket.SYN, new byte[0]);
        Conn tcp = ct.create(Tuple.of(syn));
        ct.seen(tcp, false, syn);
        assertThat(tcp.expiresAt()).isEqualTo(240 * S);
        ct.seen(tcp, true, Segments.tcp(B, A, 443, 40000, 9, 2, TcpPacket.SYN | TcpPacket.ACK, new byte[0]));
        ct.seen(tcp, false, Segments.tcp(A, B, 40000, 443, 2, 10, TcpPacket.ACK, new byte[0]));
        assertThat(tcp.tcpState()).isEqualTo(TcpState.ESTABLISHED);
        assertThat(tcp.expiresAt()).isEqualTo(7440 * S);
        ct.seen(tcp, true, Segments.tcp(B, A, 443, 40000, 10, 2, TcpPacket.RST, new byte[0]));
        assertThat(tcp.tcpState()).isEqualTo(TcpState.CLOSE);
        assertThat(tcp.expiresAt()).isEqualTo(10 * S);
    }

    @Test
    void the_sweep_removes_flows_nobody_looks_up() {
        Conntrack ct = table(Timeouts.LINUX);
        byte[] q = new UdpRepr(40000, 53, new byte[8]).toDatagram(A, B, 64, 1, false);
        Conn old = ct.create(Tuple.of(q));
        ct.seen(old, false, q);
        old.confirmed = true;
        advanceTo(Conntrack.SWEEP_INTERVAL + 1);
        Conn fresh = ct.create(Tuple.of(new UdpRepr(40001, 53, new byte[8]).toDatagram(A, B, 64, 2, false)));
        fresh.confirmed = true;
        assertThat(old.dead).isTrue();
        assertThat(ct.flows()).containsExactly(fresh);
    }
}
