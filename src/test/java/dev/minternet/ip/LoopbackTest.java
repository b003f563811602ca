package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.IcmpRepr;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** 127.0.0.0/8 is every node's own (Linux's local route on lo) and never crosses a wire (RFC 1122 3.2.1.3). */
class LoopbackTest {
    World world = new World(3, Instant.parse("2026-01-01T00:00:00Z"));
    List<TraceEvent> trace = new ArrayList<>();
    Node a;
    Node r;
    Node b;

    LoopbackTest() {
        world.trace().subscribe(trace::add);
        a = world.addHost("a");
        r = world.addRouter("r");
        b = world.addHost("b");
        world.connect(a, Cidr.parse("10.0.0.1/24"), r, Cidr.parse("10.0.0.2/24"), LinkParams.DEFAULT);
        world.connect(r, Cidr.parse("10.0.1.1/24"), b, Cidr.parse("10.0.1.2/24"), LinkParams.DEFAULT);
        GlobalRouting.install(world);
    }

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
}
