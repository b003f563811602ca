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
 * TCP over IPv6 and Packet Too Big (RFC 8201): a sends a stream to b through r (b's LAN has an
 * MTU of 1400, which r's advertisements tell b, so b's MSS is 1340 and a's datagrams are 1400
 * bytes). A tunnel further on would be narrower: r sends a Packet Too Big saying 1280 quoting one
 * of a's datagrams; a learns the path MTU, lowers its MSS to 1280 - 60 (less the timestamps
 * option) and the transfer completes in smaller segments.
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
        NetInterface nb = world.attachToSwitch(b, "eth0", Ip4.Cidr.parse("10.0.2.20/24"), 0, sw2, 1, p.withMtu(1400));
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
        int total = 120_000; // within the send buffer
        TcpConnection c = a.tcp().connect(0, dst, 5001, a.tcp().defaults().copy(), new TcpHandler() {
            @Override
            public void onConnected(TcpConnection conn) {
                conn.sendZeros(total);
            }
        });
        assertThat(c.ipv6()).isNotNull();
        long t0 = world.sim().now();
        world.sim().runUntil(t0 + 30 * Durations.MS); // established, data flowing
        assertThat(c.state().toString()).isEqualTo("ESTABLISHED");
        // a datagram of a's as r saw it: the IPv6 header and the first bytes of the TCP header
        byte[] tcp = new byte[20];
        tcp[0] = (byte) (c.localPort() >> 8);
        tcp[1] = (byte) c.localPort();
        tcp[2] = (byte) (5001 >> 8);
        tcp[3] = (byte) 5001;
        byte[] quoted = dev.minternet.wire.Ipv6Packet.build(c.ipv6().local(), dst, dev.minternet.wire.Ipv6Packet.NEXT_TCP, 63, tcp);
        long ptbAt = world.sim().now();
        r.ip6().sendError(quoted, dev.minternet.wire.Icmpv6Packet.PACKET_TOO_BIG, 0, 1280);
        world.sim().runUntil(t0 + 10 * Durations.S);

        assertThat(received[0]).isEqualTo(total);
        // before it, a's datagrams were 1400 bytes (b's MSS 1340 + 60)
        assertThat(events.stream().filter(e -> e.time() < ptbAt && e.is(Ip6Events.SEND) && e.node().equals("a")
                && e.get(Ip6Events.DST).equals("2001:db8:2::20")).mapToLong(e -> e.get(Ip6Events.LEN)).max().orElse(0)).isEqualTo(1400L);
        // a learnt the path MTU for b and lowered the MSS
        TraceEvent pmtu = events.stream().filter(e -> e.is(Ip6Events.PMTU) && e.node().equals("a")).findFirst().orElseThrow();
        assertThat(pmtu.get(Ip6Events.DST)).isEqualTo("2001:db8:2::20");
        assertThat(pmtu.get(Ip6Events.MTU)).isEqualTo(1280L);
        assertThat(a.ip6().pathMtu(dst)).isEqualTo(1280);
        TraceEvent mss = events.stream().filter(e -> e.is(TcpEvents.PMTU) && e.node().equals("a")).findFirst().orElseThrow();
        assertThat(mss.get(TcpEvents.MTU)).isEqualTo(1280L);
        // 1280 - 40 (IPv6) - 20 (TCP) - 12 (timestamps)
        assertThat(mss.get(TcpEvents.MSS)).isEqualTo(1208L);
        // after it, no datagram a sends to b is larger than 1280 bytes
        assertThat(events.stream().filter(e -> e.time() > pmtu.time() && e.is(Ip6Events.SEND) && e.node().equals("a")
                && e.get(Ip6Events.DST).equals("2001:db8:2::20"))).isNotEmpty()
                .allSatisfy(e -> assertThat(e.get(Ip6Events.LEN)).isLessThanOrEqualTo(1280L));
    }
}
