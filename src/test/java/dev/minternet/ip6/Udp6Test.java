package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.Udp6Socket;
import dev.minternet.transport.udp.UdpEvents;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import dev.minternet.wire.UdpPacket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * UDP over IPv6 (RFC 768 with RFC 8200 8.1): the checksum over the IPv6 pseudo-header, mandatory
 * (a zero checksum is dropped), demultiplexing by port, ICMPv6 port unreachable (RFC 4443 3.1
 * code 4) from the address asked, reported to the sending socket, and a port space separate
 * from IPv4's. On {@link Ip6StackTest.Net}: a on sw1 (SLAAC), b on sw2 (2001:db8:2::20), r between.
 */
class Udp6Test {
    final Ip6StackTest.Net net = new Ip6StackTest.Net(1500);
    final List<TraceEvent> events = net.events;

    @Test
    void the_checksum_covers_the_ipv6_pseudo_header_as_computed_independently() {
        // expected bytes computed with Python's struct and inet_pton, not by this code
        byte[] u = UdpPacket.build6(Ip6.parse("2001:db8:1::10"), Ip6.parse("2001:db8:2::20"), 40000, 53,
                "hello".getBytes(StandardCharsets.US_ASCII));
        assertThat(HexFormat.of().formatHex(u)).isEqualTo("9c400035000dc3e768656c6c6f");
        assertThat(UdpPacket.check6(u, 0, u.length, Ip6.parse("2001:db8:1::10"), Ip6.parse("2001:db8:2::20"))).isNull();
        assertThat(UdpPacket.check6(u, 0, u.length, Ip6.parse("2001:db8:1::11"), Ip6.parse("2001:db8:2::20")))
                .startsWith("bad UDP checksum");
        u[6] = 0;
        u[7] = 0;
        assertThat(UdpPacket.check6(u, 0, u.length, Ip6.parse("2001:db8:1::10"), Ip6.parse("2001:db8:2::20")))
                .isEqualTo("zero UDP checksum (mandatory over IPv6)");
    }

    @Test
    void a_datagram_reaches_the_socket_on_its_port_and_the_answer_comes_back() {
        net.world.sim().runUntil(6 * Durations.S);
        List<String> got = new ArrayList<>();
        Udp6Socket server = net.b.udp().open6(5353);
        server.onReceive((src, sport, payload, d) -> {
            got.add("b got " + new String(payload, StandardCharsets.US_ASCII) + " from " + src + " hlim=" + Ipv6Packet.hopLimit(d, 0));
            // from the address asked (IPV6_PKTINFO): b also has a SLAAC address in the same /64
            server.send(Ipv6Packet.dst(d, 0), src, sport, "pong".getBytes(StandardCharsets.US_ASCII));
        });
        Udp6Socket client = net.a.udp().open6(0);
        client.onReceive((src, sport, payload, d) -> got.add("a got " + new String(payload, StandardCharsets.US_ASCII)
                + " from [" + src + "]:" + sport));
        Ip6 aAddr = net.a.ip6().sourceFor(Ip6.parse("2001:db8:2::20"));
        assertThat(client.send(Ip6.parse("2001:db8:2::20"), 5353, "ping".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(Ip6Stack.OK);
        net.world.sim().runUntil(7 * Durations.S);
        assertThat(got).containsExactly("b got ping from " + aAddr + " hlim=63", "a got pong from [2001:db8:2::20]:5353");
        // IPv4 sockets do not see it: the IPv6 port space is separate (IPV6_V6ONLY)
        assertThat(net.b.udp().boundPorts()).doesNotContain(5353);
        assertThat(net.b.udp().boundPorts6()).containsExactly(5353);
        assertThat(net.b.udp().inDatagrams()).isEqualTo(1);
    }

    @Test
    void a_closed_port_answers_port_unreachable_from_the_address_asked_and_the_sender_hears_it() {
        net.world.sim().runUntil(6 * Durations.S);
        List<String> errors = new ArrayList<>();
        Udp6Socket client = net.a.udp().open6(0);
        client.onError((from, type, code, word, d, quoted) -> errors.add(Icmpv6Packet.describe(type) + " code " + code
                + " from " + from + " quoting dport " + UdpPacket.dstPort(d, quoted + Ipv6Packet.HEADER)));
        client.send(Ip6.parse("2001:db8:2::20"), 9999, new byte[10]);
        net.world.sim().runUntil(7 * Durations.S);
        assertThat(errors).containsExactly("destination unreachable code 4 from 2001:db8:2::20 quoting dport 9999");
        assertThat(net.b.udp().noPorts()).isEqualTo(1);
        assertThat(events).anyMatch(e -> e.node().equals("b") && e.is(UdpEvents.DROP) && e.get(UdpEvents.DPORT) == 9999L);
    }

    @Test
    void a_zero_or_bad_checksum_is_dropped_as_malformed_and_never_answered() {
        net.world.sim().runUntil(6 * Durations.S);
        Ip6 src = net.a.ip6().sourceFor(Ip6.parse("2001:db8:2::20"));
        Ip6 dst = Ip6.parse("2001:db8:2::20");
        byte[] zero = UdpPacket.build6(src, dst, 1234, 9999, new byte[4]);
        zero[6] = 0;
        zero[7] = 0;
        byte[] bad = UdpPacket.build6(src, dst, 1234, 9999, new byte[4]);
        bad[8] = 1;
        net.a.ip6().send(Ipv6Packet.NEXT_UDP, zero, src, dst, 64);
        net.a.ip6().send(Ipv6Packet.NEXT_UDP, bad, src, dst, 64);
        net.world.sim().runUntil(7 * Durations.S);
        assertThat(events.stream().filter(e -> e.node().equals("b") && e.is(UdpEvents.DROP_MALFORMED))
                .map(e -> e.get(UdpEvents.DETAIL)).toList())
                .containsExactly("zero UDP checksum (mandatory over IPv6)", "bad UDP checksum 0x" + Integer.toHexString(
                        (bad[6] & 0xff) << 8 | bad[7] & 0xff));
        assertThat(net.b.udp().inErrors()).isEqualTo(2);
        assertThat(events).noneMatch(e -> e.node().equals("b") && e.is(Ip6Events.ICMP_ERROR));
    }
}
