package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import dev.minternet.wire.UdpRepr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IpInputTest {
    World world = new World(3, Instant.parse("2026-01-01T00:00:00Z"));
    List<TraceEvent> trace = new ArrayList<>();
    Node a;
    Node r;
    Node b;

    IpInputTest() {
        world.trace().subscribe(trace::add);
        a = world.addHost("a");
        r = world.addRouter("r");
        b = world.addHost("b");
        world.connect(a, Cidr.parse("10.0.0.1/24"), r, Cidr.parse("10.0.0.2/24"), LinkParams.DEFAULT);
        world.connect(r, Cidr.parse("10.0.1.1/24"), b, Cidr.parse("10.0.1.2/24"), LinkParams.DEFAULT);
        GlobalRouting.install(world);
    }

    @Test
    void garbage_on_the_wire_is_counted_and_dropped_never_thrown() {
        SplittableRandom rnd = new SplittableRandom(11);
        NetInterface in = r.ip().iface("eth0");
        for (int i = 0; i < 5000; i++) {
            byte[] g = new byte[rnd.nextInt(0, 120)];
            rnd.nextBytes(g);
            in.arrive(g);
        }
        // A valid IPv4 header carrying a corrupt UDP datagram to b, and a corrupt ICMP message to r.
        byte[] udp = new UdpRepr(1, 9, new byte[8]).toDatagram(Ip4.parse("10.0.0.1"), Ip4.parse("10.0.1.2"), 64, 1, false);
        udp[udp.length - 1] ^= 0x55;
        b.ip().iface("eth0").arrive(udp);
        byte[] icmp = new IcmpRepr.Echo(true, 1, 1, new byte[4]).toDatagram(Ip4.parse("10.0.0.1"), Ip4.parse("10.0.0.2"), 64, 2);
        icmp[icmp.length - 1] ^= 0x55;
        in.arrive(icmp);
        world.sim().run();
        assertThat(r.ip().counters().inHdrErrors()).isGreaterThan(4900);
        assertThat(r.ip().counters().malformedTransport()).isEqualTo(1);
        assertThat(b.udp().inErrors()).isEqualTo(1);
        assertThat(trace).anyMatch(e -> e.is(IpEvents.DROP_MALFORMED));
    }

    @Test
    void forwarding_decrements_ttl_and_keeps_the_checksum_valid() {
        List<byte[]> seen = new ArrayList<>();
        b.ip().iface("eth0").addTap((d, out) -> seen.add(d.clone()));
        b.udp().open(7);
        UdpSocket s = a.udp().open(0);
        s.setTtl(9);
        world.sim().schedule(0, () -> s.send(Ip4.parse("10.0.1.2"), 7, new byte[10]));
        world.sim().run();
        assertThat(seen).hasSize(1);
        assertThat(Ipv4Packet.ttl(seen.get(0), 0)).isEqualTo(8);
        assertThat(Ipv4Packet.check(seen.get(0), 0, seen.get(0).length)).isNull();
        assertThat(r.ip().counters().forwDatagrams).isEqualTo(1);
    }

    @Test
    void udp_to_a_closed_port_gets_port_unreachable_and_no_route_gets_net_unreachable() {
        List<int[]> errors = new ArrayList<>();
        UdpSocket s = a.udp().open(0);
        s.onError((from, type, code, mtu, q) -> errors.add(new int[] {from, type, code}));
        a.ip().table().add(new Route(Ip4.parse("192.0.2.0"), 24, a.ip().iface("eth0"), Ip4.parse("10.0.0.2"), 0, "static"));
        world.sim().schedule(0, () -> s.send(Ip4.parse("10.0.1.2"), 4444, new byte[1]));
        world.sim().schedule(1000, () -> s.send(Ip4.parse("192.0.2.7"), 4444, new byte[1]));
        world.sim().run();
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).containsExactly(Ip4.parse("10.0.1.2"), IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_PORT_UNREACHABLE);
        assertThat(errors.get(1)).containsExactly(Ip4.parse("10.0.0.2"), IcmpPacket.DEST_UNREACHABLE, IcmpPacket.CODE_NET_UNREACHABLE);
    }

    @Test
    void no_icmp_error_about_an_icmp_error() {
        // An ICMP error addressed beyond r's reach would make r want to answer with an error: it must not.
        byte[] err = new IcmpRepr.DestUnreachable(IcmpPacket.CODE_PORT_UNREACHABLE, 0,
                new UdpRepr(1, 2, new byte[0]).toDatagram(Ip4.parse("1.2.3.4"), Ip4.parse("5.6.7.8"), 1, 1, false))
                .toDatagram(Ip4.parse("10.0.0.1"), Ip4.parse("198.51.100.1"), 64, 3);
        r.ip().iface("eth0").arrive(err);
        world.sim().run();
        assertThat(r.ip().counters().outNoRoutes()).isEqualTo(1);
        assertThat(r.ip().counters().icmpErrorsSent()).isZero();
    }

    @Test
    void icmp_errors_are_unlimited_by_default_and_follow_the_token_bucket_when_limited() {
        UdpSocket s = a.udp().open(0);
        int[] errors = new int[1];
        s.onError((from, type, code, mtu, q) -> errors[0]++);
        for (int i = 0; i < 100; i++) {
            world.sim().schedule(i * 1_000_000L, () -> s.send(Ip4.parse("10.0.1.2"), 4444, new byte[1]));
        }
        world.sim().run();
        assertThat(errors[0]).isEqualTo(100);

        b.ip().icmp().setErrorRateLimit(100, 5); // 100/s, burst 5: 100 sends over 100 ms -> 5 + ~10
        errors[0] = 0;
        long t0 = world.sim().now();
        for (int i = 0; i < 100; i++) {
            world.sim().scheduleAt(t0 + 1 + i * 1_000_000L, () -> s.send(Ip4.parse("10.0.1.2"), 4444, new byte[1]));
        }
        world.sim().run();
        assertThat(errors[0]).isBetween(14, 16);
        assertThat(b.ip().icmp().errorsSuppressed()).isEqualTo(100 - errors[0]);
    }

    @Test
    void prefix_map_longest_match() {
        PrefixMap m = new PrefixMap();
        m.put(Ip4.parse("10.0.0.0"), 8, 1);
        m.put(Ip4.parse("10.1.0.0"), 16, 2);
        m.put(Ip4.parse("10.1.2.0"), 24, 3);
        m.put(0, 0, 4);
        assertThat(m.lookup(Ip4.parse("10.1.2.3"))).isEqualTo(3);
        assertThat(m.lookup(Ip4.parse("10.1.3.3"))).isEqualTo(2);
        assertThat(m.lookup(Ip4.parse("10.9.3.3"))).isEqualTo(1);
        assertThat(m.lookup(Ip4.parse("11.0.0.1"))).isEqualTo(4);
        assertThat(m.remove(Ip4.parse("10.1.0.0"), 16)).isEqualTo(2);
        assertThat(m.lookup(Ip4.parse("10.1.3.3"))).isEqualTo(1);
        for (int i = 0; i < 10_000; i++) {
            m.put(Ip4.parse("172.16.0.0") + i * 4, 30, 100 + i);
        }
        assertThat(m.lookup(Ip4.parse("172.16.0.0") + 4 * 7777 + 2)).isEqualTo(7877);
        assertThat(m.size()).isEqualTo(10_003);
    }

    /**
     * A delivered datagram is garbage once its delivery is over: the node's header view let go
     * of it (it kept the last one until the next delivery, so every young collection of a large
     * run promoted a datagram a host). Fails if anything in the stack still holds it.
     */
    @Test
    void a_delivered_datagram_is_not_kept_after_its_delivery() throws InterruptedException {
        List<java.lang.ref.WeakReference<byte[]>> seen = new ArrayList<>();
        UdpSocket server = b.udp().open(7);
        server.onReceive((src, srcPort, payload, datagram) -> seen.add(new java.lang.ref.WeakReference<>(datagram)));
        UdpSocket client = a.udp().open(0);
        world.sim().schedule(1_000_000, () -> client.send(Ip4.parse("10.0.1.2"), 7, new byte[32]));
        world.sim().run();
        assertThat(seen).hasSize(1);
        for (int i = 0; i < 20 && seen.get(0).get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(seen.get(0).get()).as("the datagram b received, after the run").isNull();
    }

    /**
     * A reader of payloads in place sees the bytes a copying receiver gets, where they lie in the
     * datagram; a slice sent back (the echo of a many-hosts run) arrives as those bytes alone; both
     * sockets count what they got.
     */
    @Test
    void a_payload_read_in_place_is_the_payload_and_a_slice_sends_as_itself() {
        byte[] sent = new byte[40];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 7 + 1);
        }
        List<byte[]> atServer = new ArrayList<>();
        List<byte[]> atClient = new ArrayList<>();
        UdpSocket server = b.udp().open(7);
        server.onRead((src, srcPort, buf, off, len) -> {
            atServer.add(java.util.Arrays.copyOfRange(buf, off, off + len));
            server.send(src, srcPort, buf, off + 8, len - 8); // all but the first eight bytes
        });
        UdpSocket client = a.udp().open(0);
        client.onReceive((src, srcPort, payload, datagram) -> atClient.add(payload));
        world.sim().schedule(1_000_000, () -> client.send(Ip4.parse("10.0.1.2"), 7, sent));
        world.sim().run();
        assertThat(atServer).singleElement().isEqualTo(sent);
        assertThat(atClient).singleElement().isEqualTo(java.util.Arrays.copyOfRange(sent, 8, 40));
        assertThat(server.datagramsReceived()).isEqualTo(1);
        assertThat(client.datagramsReceived()).isEqualTo(1);
        assertThat(trace.stream().filter(e -> e.is(dev.minternet.transport.udp.UdpEvents.RECEIVE)).count()).isEqualTo(2);
    }

    // 127.0.0.0/8 is every node's own (Linux's local route on lo) and never crosses a wire (RFC 1122 3.2.1.3)

    @Test
    void the_whole_block_is_local_and_answered_from_127_0_0_1() {
        IpStack ip = a.ip();
        assertThat(ip.isLocalAddress(Ip4.parse("127.0.0.1"))).isTrue();
        assertThat(ip.isLocalAddress(Ip4.parse("127.255.1.2"))).isTrue();
        assertThat(ip.isLocalAddress(Ip4.parse("128.0.0.1"))).isFalse();
        assertThat(Ip4.str(ip.sourceAddressFor(Ip4.parse("127.0.0.9")))).isEqualTo("127.0.0.1");
        assertThat(Ip4.str(ip.sourceAddressFor(Ip4.parse("10.0.0.1")))).isEqualTo("10.0.0.1");
        assertThat(world.resolve("localhost")).isEqualTo(Ip4.LOCALHOST);
        assertThat(world.reverse(Ip4.LOCALHOST)).isEqualTo("localhost");
    }

    @Test
    void a_datagram_to_127_0_0_1_stays_in_the_node() {
        byte[] echo = new IcmpRepr.Echo(true, 7, 1, new byte[8]).toDatagram(Ip4.LOCALHOST, Ip4.LOCALHOST, 64, 1);
        a.ip().outputBuilt(echo);
        world.sim().run();
        assertThat(a.ip().iface("eth0").out().counters().sentPackets()).isZero();
        assertThat(r.ip().counters().inReceives).isZero();
        assertThat(a.ip().icmp().echoRequestsAnswered()).isEqualTo(1); // answered, and the answer stayed too
        assertThat(trace).anyMatch(e -> e.is(IpEvents.RECEIVE) && e.node().equals("a") && e.get(IpEvents.IFACE).equals("lo"));
    }

    @Test
    void arriving_on_an_interface_it_is_a_martian_dropped_without_an_error() {
        NetInterface in = r.ip().iface("eth0");
        byte[] toLoopback = new IcmpRepr.Echo(true, 1, 1, new byte[4]).toDatagram(Ip4.parse("10.0.0.1"),
                Ip4.parse("127.0.0.1"), 64, 1);
        byte[] fromLoopback = new IcmpRepr.Echo(true, 1, 2, new byte[4]).toDatagram(Ip4.parse("127.0.0.1"),
                Ip4.parse("10.0.1.2"), 64, 2);
        in.arrive(toLoopback);
        in.arrive(fromLoopback);
        world.sim().run();
        assertThat(r.ip().counters().inAddrErrors()).isEqualTo(2);
        assertThat(r.ip().counters().forwDatagrams).isZero(); // neither answered nor forwarded to b
        assertThat(r.ip().counters().icmpErrorsSent()).isZero();
        assertThat(trace.stream().filter(e -> e.is(IpEvents.DROP) && e.get(IpEvents.REASON).equals("martian"))).hasSize(2);
    }

    @Test
    void over_ipv6_a_datagram_from_or_to_loopback_arriving_on_an_interface_is_a_martian_too() {
        NetInterface in = r.ip().iface("eth0");
        r.ip6().enable(in, r.random("ndp:eth0"));
        r.ip6().addAddress(r.ip6().iface(in), dev.minternet.wire.Ip6.Cidr.parse("2001:db8::2/64"));
        dev.minternet.wire.Ip6 loop = dev.minternet.wire.Ip6.parse("::1");
        dev.minternet.wire.Ip6 mine = dev.minternet.wire.Ip6.parse("2001:db8::2");
        dev.minternet.wire.Ip6 peer = dev.minternet.wire.Ip6.parse("2001:db8::1");
        byte[] echo = dev.minternet.wire.Icmpv6Packet.echo(dev.minternet.wire.Icmpv6Packet.ECHO_REQUEST, 1, 1, new byte[4]);
        in.arrive(dev.minternet.wire.Icmpv6Packet.datagram(peer, loop, 64, echo));
        in.arrive(dev.minternet.wire.Icmpv6Packet.datagram(loop, mine, 64, echo.clone()));
        in.arrive(dev.minternet.wire.Icmpv6Packet.datagram(peer, mine, 64, echo.clone())); // an ordinary one, answered
        world.sim().run();
        assertThat(trace.stream().filter(e -> e.is(dev.minternet.ip6.Ip6Events.DROP)
                && e.get(dev.minternet.ip6.Ip6Events.REASON).equals("martian"))).hasSize(2);
        assertThat(trace).anyMatch(e -> e.is(dev.minternet.ip6.Ip6Events.SEND) && e.node().equals("r"));
    }
}
