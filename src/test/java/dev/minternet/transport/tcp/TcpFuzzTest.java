package dev.minternet.transport.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.minternet.ip.IpHeaderView;
import dev.minternet.node.LinkParams;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.Ipv4Repr;
import dev.minternet.wire.TcpOptions;
import dev.minternet.wire.TcpPacket;
import dev.minternet.wire.TcpRepr;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile input: random bytes, and random but well-formed segments aimed at live connections in
 * every state. The stack must count or answer them, never throw, and keep its table consistent.
 */
class TcpFuzzTest {
    static final LinkParams LINK = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelayMs(1);

    @Test
    void random_bytes_are_dropped_as_malformed() {
        World w = Paths.line(1, LINK);
        TcpStack b = w.node("b").tcp();
        SplittableRandom r = new SplittableRandom(1);
        int src = w.resolve("a");
        int dst = w.resolve("b");
        for (int i = 0; i < 5000; i++) {
            byte[] l4 = new byte[r.nextInt(0, 120)];
            r.nextBytes(l4);
            if (l4.length >= 13 && r.nextBoolean()) {
                l4[12] = (byte) ((r.nextInt(5, 16)) << 4); // a plausible data offset
            }
            byte[] d = new Ipv4Repr(src, dst, Ipv4Packet.PROTO_TCP, 64, 0, i, true, false, 0, l4.length,
                    null).build(l4);
            assertThatCode(() -> b.receive(IpHeaderView.ofIpv4(d))).doesNotThrowAnyException();
        }
        assertThat(b.inErrors()).isGreaterThan(4900);
    }

    @Test
    void random_valid_segments_against_connections_in_every_state_never_throw() {
        SplittableRandom r = new SplittableRandom(2);
        for (int round = 0; round < 40; round++) {
            World w = Paths.line(round, LINK);
            Apps.Sink sink = new Apps.Sink(w.sim(), true);
            w.node("b").tcp().listen(5001, c -> c.setHandler(sink));
            TcpConnection c = w.node("a").tcp().connect(w.resolve("b"), 5001, new Apps.BulkSender(200_000, false, round));
            // Stop the world at a random point of the connection's life, then attack both ends.
            w.sim().runUntil(r.nextLong(0, 200 * Durations.MS));
            TcpStack[] stacks = {w.node("a").tcp(), w.node("b").tcp()};
            int[] addrs = {w.resolve("a"), w.resolve("b")};
            for (int i = 0; i < 500; i++) {
                int to = r.nextInt(2);
                TcpConnection target = stacks[to].connections().isEmpty() ? null : stacks[to].connections().get(0);
                int sport = target != null ? target.remotePort() : c.localPort();
                int dport = target != null ? target.localPort() : 5001;
                int base = target != null ? target.rcvNxt() : 0;
                int ackBase = target != null ? target.sndUna() : 0;
                int seq = r.nextInt(4) == 0 ? r.nextInt() : base + r.nextInt(-70000, 70000);
                int ack = r.nextInt(4) == 0 ? r.nextInt() : ackBase + r.nextInt(-70000, 70000);
                int flags = r.nextInt(256);
                TcpOptions o = r.nextBoolean() ? TcpOptions.NONE : new TcpOptions(r.nextInt(0, 2000), r.nextInt(-1, 15),
                        r.nextBoolean(), r.nextBoolean() ? null : new int[] {ack + r.nextInt(-5000, 5000), ack + r.nextInt(-5000, 9000)},
                        r.nextBoolean(), r.nextInt(), r.nextInt());
                byte[] payload = new byte[r.nextInt(4) == 0 ? r.nextInt(0, 1400) : 0];
                TcpRepr seg = new TcpRepr(sport, dport, seq, ack, flags, r.nextInt(0x10000), 0, o, payload, 0, payload.length);
                byte[] d = seg.toDatagram(addrs[1 - to], addrs[to], 64, i, true);
                TcpStack s = stacks[to];
                assertThatCode(() -> s.receive(IpHeaderView.ofIpv4(d))).doesNotThrowAnyException();
                if (i % 50 == 0) {
                    assertThatCode(() -> w.sim().runUntil(w.sim().now() + r.nextLong(1, 300 * Durations.MS)))
                            .doesNotThrowAnyException();
                }
            }
            assertThatCode(() -> w.sim().runUntil(w.sim().now() + 300 * Durations.S)).doesNotThrowAnyException();
            for (TcpStack s : stacks) {
                assertThat(s.connections()).as("everything ends closed or in TIME-WAIT's table exit")
                        .allMatch(x -> x.state() != TcpState.CLOSED);
            }
        }
    }
}
