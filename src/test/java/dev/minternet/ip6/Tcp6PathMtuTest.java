package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.tcp.TcpConnection;
import dev.minternet.transport.tcp.TcpEvents;
import dev.minternet.transport.tcp.TcpHandler;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TCP over IPv6 meets a smaller MTU on the way (RFC 8201): a (1500) -- r -- b, where r's
 * interface towards b has an MTU of 1400 while b's has 1500, so b advertises an MSS of 1440 and
 * a's full-sized segments (1500 bytes) cannot pass r. r answers with Packet Too Big (1400), a
 * learns the path MTU, lowers its MSS to 1400 - 60 and the transfer completes.
 */
class Tcp6PathMtuTest {
    @Test
    void given_a_smaller_mtu_on_the_path_packet_too_big_lowers_the_mss_and_the_transfer_completes() {
        World world = new World(7, Instant.parse("2026-01-01T00:00:00Z"));
        List<TraceEvent> events = new ArrayList<>();
        world.trace().subscribe(events::add);
        Node a = world.addHost("a");
        Node b = world.addHost("b");
        Node r = world.addRouter("r");
        Switch sw1 = world.addSwitch("sw1", false);
        Switch sw2 = world.addSwitch("sw2", false);
        LinkParams p = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(Durations.MS);
        NetInterface na = world.attachToSwitch(a, "eth0", Ip4.Cidr.parse("10.0.1.10/24"), 0, sw1, 1, p);
        NetInterface nr1 = world.attachToSwitch(r, "eth0", Ip4.Cidr.parse("10.0.1.1/24"), 0, sw1, 1, p);
        NetInterface nr2 = world.attachToSwitch(r, "eth1", Ip4.Cidr.parse("10.0.2.1/24"), 0, sw2, 1, p.withMtu(1400));
        NetInterface nb = world.attachToSwitch(b, "eth0", Ip4.Cidr.parse("10.0.2.20/24"), 0, sw2, 1, p);
        Ip6Interface ra = r.ip6().enable(nr1, r.random("ndp:eth0"));
        Ip6Interface rb = r.ip6().enable(nr2, r.random("ndp:eth1"));
        r.ip6().addAddress(ra, Ip6.Cidr.parse("2001:db8:1::1/64"));
        r.ip6().addAddress(rb, Ip6.Cidr.parse("2001:db8:2::1/64"));
        r.ip6().advertise(ra, Ip6.Cidr.parse("2001:db8:1::/64"));
        r.ip6().advertise(rb, Ip6.Cidr.parse("2001:db8:2::/64"));
        a.ip6().enable(na, a.random("ndp:eth0"));
        Ip6Interface ib = b.ip6().enable(nb, b.random("ndp:eth0"));
        b.ip6().addAddress(ib, Ip6.Cidr.parse("2001:db8:2::20/64"));
        world.sim().runUntil(10 * Durations.S); // DAD, RAs, SLAAC

        Ip6 dst = Ip6.parse("2001:db8:2::20");
        long[] received = {0};
        b.tcp().listen(5001, c -> c.setHandler(new TcpHandler() {
            @Override
            public void onReadable(TcpConnection conn) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = conn.read(buf, 0, buf.length)) > 0) {
                    received[0] += n;
                }
            }
        }));
        int total = 50_000;
        TcpConnection c = a.tcp().connect(0, dst, 5001, a.tcp().defaults().copy(), new TcpHandler() {
            @Override
            public void onConnected(TcpConnection conn) {
                conn.sendZeros(total);
            }
        });
        assertThat(c.ipv6()).isNotNull();
        long t0 = world.sim().now();
        world.sim().runUntil(t0 + 10 * Durations.S);

        assertThat(received[0]).isEqualTo(total);
        // r said Packet Too Big with its egress MTU; a learnt it for b and lowered the MSS
        assertThat(events).anySatisfy(e -> {
            assertThat(e.is(Ip6Events.ICMP_ERROR) && e.node().equals("r")).isTrue();
            assertThat(e.get(Ip6Events.TYPE)).isEqualTo("packet too big");
        });
        TraceEvent pmtu = events.stream().filter(e -> e.is(Ip6Events.PMTU) && e.node().equals("a")).findFirst().orElseThrow();
        assertThat(pmtu.get(Ip6Events.DST)).isEqualTo("2001:db8:2::20");
        assertThat(pmtu.get(Ip6Events.MTU)).isEqualTo(1400L);
        assertThat(a.ip6().pathMtu(dst)).isEqualTo(1400);
        TraceEvent mss = events.stream().filter(e -> e.is(TcpEvents.PMTU) && e.node().equals("a")).findFirst().orElseThrow();
        assertThat(mss.get(TcpEvents.MTU)).isEqualTo(1400L);
        // 1400 - 40 (IPv6) - 20 (TCP) - 12 (timestamps)
        assertThat(mss.get(TcpEvents.MSS)).isEqualTo(1328L);
        // after it, no datagram a sends to b is larger than 1400 bytes
        assertThat(events.stream().filter(e -> e.time() > pmtu.time() && e.is(Ip6Events.SEND) && e.node().equals("a")
                && e.get(Ip6Events.DST).equals("2001:db8:2::20"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get(Ip6Events.LEN)).isLessThanOrEqualTo(1400L));
        // and the MSS each side advertised was its link MTU minus 60
        assertThat(events.stream().filter(e -> e.is(TcpEvents.SEND) && e.node().equals("b") && e.get(TcpEvents.FLAGS).equals("SYN,ACK")))
                .hasSize(1);
    }
}
