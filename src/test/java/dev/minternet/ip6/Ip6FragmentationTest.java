package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip6.Ip6StackTest.Net;
import dev.minternet.ip6.Ip6StackTest.Pings;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Fragment;
import dev.minternet.wire.Ipv6Packet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 fragmentation at the source and reassembly at the destination (RFC 8200 4.5) on
 * {@link Ip6StackTest}'s two LANs (a and c on 2001:db8:1::/64, b on 2001:db8:2::/64, router r):
 * the fragment sizes, offsets and identifications computed by hand, Packet Too Big then smaller
 * fragments, UDP, filters seeing whole datagrams, and reassembly's failures (a lost fragment,
 * an overlap, a duplicate, an atomic fragment, a bad length) with fragments crafted on a's link.
 */
class Ip6FragmentationTest {
    static final Ip6 B = Ip6.parse("2001:db8:2::20");

    final Net net = new Net(1500);

    List<TraceEvent> on(Net n, String node, dev.minternet.trace.EventType type) {
        return n.events.stream().filter(e -> e.node().equals(node) && e.is(type)).toList();
    }

    @Test
    void a_3000_byte_ping_leaves_in_three_fragments_of_1448_1448_and_112_bytes_and_its_reply_too() {
        net.world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(net.world);
        int id = net.a.ip6().openEcho(pings, net.a.random("ping-id"));
        assertThat(net.a.ip6().sendEcho(B, id, 1, 64, new byte[3000])).isEqualTo(Ip6Stack.OK);
        net.world.sim().runUntil(11 * Durations.S);
        assertThat(pings.got).containsExactly("reply 2001:db8:2::20 seq=1 hlim=63 len=3008");
        // 40 + 8 + 3000 = 3048 bytes; (1500 - 40 - 8) & ~7 = 1448 per fragment; 3008 - 2 * 1448 = 112 left
        for (String node : List.of("a", "b")) {
            List<TraceEvent> frags = on(net, node, Ip6Events.FRAGMENT);
            assertThat(frags).extracting(e -> e.get(Ip6Events.OFFSET)).containsExactly(0L, 1448L, 2896L);
            assertThat(frags).extracting(e -> e.get(Ip6Events.LEN)).containsExactly(1496L, 1496L, 160L);
            assertThat(frags).extracting(e -> e.get(Ip6Events.MF)).containsExactly(true, true, false);
            assertThat(frags).extracting(e -> e.get(Ip6Events.ID)).containsOnly(frags.get(0).get(Ip6Events.ID));
            TraceEvent whole = on(net, node.equals("a") ? "b" : "a", Ip6Events.REASSEMBLED).get(0);
            assertThat(whole.get(Ip6Events.LEN)).isEqualTo(3048L);
            assertThat(whole.get(Ip6Events.FRAGMENTS)).isEqualTo(3L);
            assertThat(whole.get(Ip6Events.ID)).isEqualTo(frags.get(0).get(Ip6Events.ID));
        }
        // the router forwards fragments and never makes any
        assertThat(net.events.stream().filter(e -> e.node().equals("r") && e.is(Ip6Events.FORWARD)
                && e.get(Ip6Events.LEN) > 1000)).hasSize(4);
        assertThat(on(net, "r", Ip6Events.FRAGMENT)).isEmpty();
        // the next datagram to the same destination takes the next identification
        long first = on(net, "a", Ip6Events.FRAGMENT).get(0).get(Ip6Events.ID);
        net.a.ip6().sendEcho(B, id, 2, 64, new byte[3000]);
        net.world.sim().runUntil(12 * Durations.S);
        assertThat(on(net, "a", Ip6Events.FRAGMENT).get(3).get(Ip6Events.ID)).isEqualTo((first + 1) & 0xffff_ffffL);
        Ip6Fragments.Counters ca = net.a.ip6().fragCounters();
        assertThat(ca.fragOks).isEqualTo(2);
        assertThat(ca.fragCreates).isEqualTo(6);
        assertThat(ca.reasmReqds).isEqualTo(6);
        assertThat(ca.reasmOks).isEqualTo(2);
        assertThat(ca.reasmFails).isZero();
        // the same seed gives the same identifications; another node starts elsewhere
        Net again = new Net(1500);
        again.world.sim().runUntil(10 * Durations.S);
        again.a.ip6().sendEcho(B, again.a.ip6().openEcho(new Pings(again.world), again.a.random("ping-id")), 1, 64,
                new byte[3000]);
        again.world.sim().runUntil(11 * Durations.S);
        assertThat(on(again, "a", Ip6Events.FRAGMENT).get(0).get(Ip6Events.ID)).isEqualTo(first);
        assertThat(on(net, "b", Ip6Events.FRAGMENT).get(0).get(Ip6Events.ID)).isNotEqualTo(first);
    }

    @Test
    void after_packet_too_big_the_source_fragments_to_1280_bytes() {
        Net t = new Net(1280);
        t.world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(t.world);
        int id = t.a.ip6().openEcho(pings, t.a.random("ping-id"));
        t.a.ip6().sendEcho(B, id, 1, 64, new byte[3000]);
        t.world.sim().runUntil(11 * Durations.S);
        // only the error about the first fragment names the echo (a later fragment has no ICMPv6 header)
        assertThat(pings.got).containsExactly("packet too big 2001:db8:1::1 code=0 seq=1 word=1280");
        assertThat(t.a.ip6().pathMtu(B)).isEqualTo(1280);
        t.a.ip6().sendEcho(B, id, 2, 64, new byte[3000]);
        t.world.sim().runUntil(12 * Durations.S);
        assertThat(pings.got).endsWith("reply 2001:db8:2::20 seq=2 hlim=63 len=3008");
        // (1280 - 48) & ~7 = 1232; 3008 - 2 * 1232 = 544
        List<TraceEvent> frags = on(t, "a", Ip6Events.FRAGMENT).subList(3, 6);
        assertThat(frags).extracting(e -> e.get(Ip6Events.OFFSET)).containsExactly(0L, 1232L, 2464L);
        assertThat(frags).extracting(e -> e.get(Ip6Events.LEN)).containsExactly(1280L, 1280L, 592L);
    }

    @Test
    void a_large_udp_datagram_arrives_whole_and_every_filter_sees_it_whole() {
        net.world.sim().runUntil(10 * Durations.S);
        List<String> seen = new ArrayList<>();
        Ip6Filter recorder = (hook, d, in) -> {
            if (Ipv6Packet.nextHeader(d, 0) != Ipv6Packet.NEXT_ICMPV6) {
                seen.add(hook + " " + Ip6Names.next(Ipv6Packet.nextHeader(d, 0)) + " " + d.length);
            }
            return Ipv6Packet.nextHeader(d, 0) != Ipv6Fragment.NEXT_HEADER; // a filter that cannot tell a fragment's ports
        };
        net.a.ip6().setFilter(recorder);
        net.r.ip6().setFilter(recorder);
        net.b.ip6().setFilter(recorder);
        List<Integer> got = new ArrayList<>();
        net.b.udp().open6(9000).onReceive((src, port, payload, d) -> got.add(payload.length));
        assertThat(net.a.udp().open6(0).send(B, 9000, new byte[3000])).isEqualTo(Ip6Stack.OK);
        net.world.sim().runUntil(11 * Durations.S);
        assertThat(got).containsExactly(3000);
        // OUTPUT before fragmentation, FORWARD after the router gathered them (nf_defrag_ipv6), INPUT after reassembly
        assertThat(seen).containsExactly("OUTPUT udp 3048", "FORWARD udp 3048", "INPUT udp 3048");
        assertThat(on(net, "r", Ip6Events.REASSEMBLED)).hasSize(1);
        assertThat(net.events.stream().filter(e -> e.node().equals("r") && e.is(Ip6Events.FORWARD))).hasSize(3);
        assertThat(net.r.ip6().fragCounters().reasmReqds).isZero(); // netfilter's gathering is not the node's reassembly
    }

    /** Fragments crafted on a's link to c, link-local to link-local; an echo from a's listener. */
    final class Crafted {
        final Pings pings = new Pings(net.world);
        final int echoId = net.a.ip6().openEcho(pings, net.a.random("ping-id"));
        final Ip6 src = net.ia.linkLocal();
        final Ip6 dst = net.ic.linkLocal();
        /** The fragmentable part: an echo request of 3000 data bytes with its checksum. */
        final byte[] body;

        Crafted(int size) {
            byte[] d = Icmpv6Packet.datagram(src, dst, 64, Icmpv6Packet.echo(Icmpv6Packet.ECHO_REQUEST, echoId, 1, new byte[size]));
            body = Arrays.copyOfRange(d, Ipv6Packet.HEADER, d.length);
        }

        void send(int offset, int len, boolean more, int id) {
            byte[] p = new byte[Ipv6Fragment.HEADER + len];
            Ipv6Fragment.emit(p, 0, Ipv6Packet.NEXT_ICMPV6, offset, more, id);
            System.arraycopy(body, offset, p, Ipv6Fragment.HEADER, len);
            net.a.ip6().sendOn(net.ia, Ipv6Fragment.NEXT_HEADER, p, src, dst, 64, 0);
        }
    }

    @Test
    void a_lost_fragment_gets_time_exceeded_60_s_after_the_first_arrived() {
        net.world.sim().runUntil(10 * Durations.S);
        Crafted x = new Crafted(3000);
        x.send(0, 1448, true, 7);
        x.send(2896, 112, false, 7); // 1448..2896 never comes
        net.world.sim().runUntil(69 * Durations.S);
        assertThat(x.pings.got).isEmpty();
        net.world.sim().runUntil(71 * Durations.S);
        assertThat(x.pings.got).containsExactly("time exceeded in-transit " + x.dst + " code=1 seq=1 word=0");
        assertThat(x.pings.at.get(0) - 10 * Durations.S).isBetween(60 * Durations.S, 60 * Durations.S + Durations.MS);
        TraceEvent failed = on(net, "c", Ip6Events.REASSEMBLY_FAILED).get(0);
        assertThat(failed.get(Ip6Events.REASON)).isEqualTo("timeout");
        assertThat(failed.get(Ip6Events.FRAGMENTS)).isEqualTo(2L);
        Ip6Fragments.Counters cc = net.c.ip6().fragCounters();
        assertThat(cc.reasmReqds).isEqualTo(2);
        assertThat(cc.reasmTimeout).isEqualTo(1);
        assertThat(cc.reasmFails).isEqualTo(1);
        assertThat(cc.reasmOks).isZero();
    }

    @Test
    void without_the_first_fragment_a_timeout_is_silent() {
        net.world.sim().runUntil(10 * Durations.S);
        Crafted x = new Crafted(3000);
        x.send(1448, 1448, true, 8);
        x.send(2896, 112, false, 8);
        net.world.sim().runUntil(80 * Durations.S);
        assertThat(x.pings.got).isEmpty();
        assertThat(on(net, "c", Ip6Events.REASSEMBLY_FAILED)).extracting(e -> e.get(Ip6Events.REASON)).containsExactly("timeout");
        assertThat(on(net, "c", Ip6Events.ICMP_ERROR)).isEmpty();
    }

    @Test
    void an_overlapping_fragment_drops_the_whole_datagram() {
        net.world.sim().runUntil(10 * Durations.S);
        Crafted x = new Crafted(3000);
        x.send(0, 1448, true, 9);
        x.send(1440, 16, true, 9); // overlaps the first's last 8 bytes (RFC 5722)
        x.send(1448, 1448, true, 9);
        x.send(2896, 112, false, 9);
        net.world.sim().runUntil(11 * Durations.S);
        assertThat(on(net, "c", Ip6Events.REASSEMBLY_FAILED)).extracting(e -> e.get(Ip6Events.REASON))
                .containsExactly("overlap");
        assertThat(on(net, "c", Ip6Events.REASSEMBLED)).isEmpty();
        assertThat(x.pings.got).isEmpty();
        // the later fragments started a new queue without a first fragment: it expires silently
        net.world.sim().runUntil(80 * Durations.S);
        assertThat(x.pings.got).isEmpty();
        assertThat(net.c.ip6().fragCounters().reasmFails).isEqualTo(2);
    }

    @Test
    void a_duplicate_fragment_is_ignored() {
        net.world.sim().runUntil(10 * Durations.S);
        Crafted x = new Crafted(3000);
        x.send(0, 1448, true, 10);
        x.send(0, 1448, true, 10);
        x.send(1448, 1448, true, 10);
        x.send(2896, 112, false, 10);
        net.world.sim().runUntil(11 * Durations.S);
        assertThat(x.pings.got).containsExactly("reply " + x.dst + " seq=1 hlim=64 len=3008");
        assertThat(on(net, "c", Ip6Events.REASSEMBLY_FAILED)).isEmpty();
    }

    @Test
    void an_atomic_fragment_is_a_whole_datagram_on_its_own() {
        net.world.sim().runUntil(10 * Durations.S);
        Crafted x = new Crafted(56);
        x.send(0, 64, false, 11); // RFC 6946: offset 0, M = 0
        net.world.sim().runUntil(11 * Durations.S);
        assertThat(x.pings.got).containsExactly("reply " + x.dst + " seq=1 hlim=64 len=64");
        Ip6Fragments.Counters cc = net.c.ip6().fragCounters();
        assertThat(cc.reasmReqds).isEqualTo(1);
        assertThat(cc.reasmOks).isEqualTo(1);
        assertThat(on(net, "c", Ip6Events.REASSEMBLED)).isEmpty();
    }

    @Test
    void a_fragment_with_more_to_come_and_a_length_not_a_multiple_of_8_gets_a_parameter_problem() {
        net.world.sim().runUntil(10 * Durations.S);
        Crafted x = new Crafted(3000);
        x.send(0, 100, true, 12);
        net.world.sim().runUntil(11 * Durations.S);
        // pointer 4: the payload length field (Linux's ip6_frag_queue)
        assertThat(x.pings.got).containsExactly("parameter problem " + x.dst + " code=0 seq=1 word=4");
        assertThat(net.c.ip6().fragCounters().reasmFails).isEqualTo(1);
    }

    @Test
    void ping_6_m_do_refuses_what_would_need_fragments() {
        net.world.sim().runUntil(10 * Durations.S);
        int id = net.a.ip6().openEcho(new Pings(net.world), net.a.random("ping-id"));
        assertThat(net.a.ip6().sendEcho(B, id, 1, 64, new byte[3000], false)).isEqualTo(Ip6Stack.ERR_MSG_SIZE);
        assertThat(net.a.ip6().sendEcho(B, id, 1, 64, new byte[1452], false)).isEqualTo(Ip6Stack.OK); // 1500 exactly
        assertThat(on(net, "a", Ip6Events.FRAGMENT)).isEmpty();
    }
}
