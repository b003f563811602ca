package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.minternet.ip.Multipath;
import dev.minternet.link.Link;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import dev.minternet.wire.Ipv6Packet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * IPv6 multipath as Linux does it with net.ipv6.fib_multipath_hash_policy=0: the hash of source,
 * destination, flow label and next header (ICMPv6 errors: of the quoted datagram), the next hop
 * chosen by hash-threshold over the live ones, and a multipath route in the stack: flows spread,
 * keep their path, and leave a next hop whose link lost carrier.
 */
class Ip6MultipathTest {
    static final Ip6 H1 = Ip6.parse("2001:db8:1::11");
    static final Ip6 S1 = Ip6.parse("2001:db8:4::10");

    /** A UDP datagram from src:sport to dst:dport with flow label {@code label} and traffic class {@code tclass}. */
    static byte[] udp(Ip6 src, Ip6 dst, int label, int tclass, int sport, int dport) {
        byte[] payload = new byte[16];
        payload[0] = (byte) (sport >> 8);
        payload[1] = (byte) sport;
        payload[2] = (byte) (dport >> 8);
        payload[3] = (byte) dport;
        byte[] d = Ipv6Packet.build(src, dst, 17, 64, payload);
        d[1] = (byte) (d[1] & 0xf0 | label >> 16 & 0x0f);
        d[2] = (byte) (label >> 8);
        d[3] = (byte) label;
        Ipv6Packet.setTrafficClass(d, 0, tclass);
        return d;
    }

    static byte[] udp(Ip6 src, Ip6 dst, int label) {
        return udp(src, dst, label, 0, 40000, 33434);
    }

    @Test
    void hash_threshold_uses_the_kernels_upper_bounds() {
        // two next hops: the first takes [0, 2^30 - 1], the second the rest of the 31-bit hash
        assertThat(Ip6Multipath.threshold((1 << 30) - 1, 2)).isZero();
        assertThat(Ip6Multipath.threshold(1 << 30, 2)).isEqualTo(1);
        assertThat(Ip6Multipath.threshold(Integer.MAX_VALUE, 2)).isEqualTo(1);
        // three: DIV_ROUND_CLOSEST(2^31 * k, 3) - 1 = 715827882 and 1431655764
        assertThat(Ip6Multipath.threshold(715_827_882, 3)).isZero();
        assertThat(Ip6Multipath.threshold(715_827_883, 3)).isEqualTo(1);
        assertThat(Ip6Multipath.threshold(1_431_655_764, 3)).isEqualTo(1);
        assertThat(Ip6Multipath.threshold(1_431_655_765, 3)).isEqualTo(2);
        assertThat(Ip6Multipath.threshold(0, 1)).isZero();
        assertThat(Ip6Multipath.threshold(Integer.MAX_VALUE, 1)).isZero();
    }

    @Test
    void flows_spread_in_equal_shares_over_two_three_and_four_next_hops() {
        SplittableRandom r = new SplittableRandom(3);
        Multipath m = Ip6Multipath.perFlow(r.nextLong());
        for (int n = 2; n <= 4; n++) {
            int[] count = new int[n];
            int flows = 20_000;
            for (int i = 0; i < flows; i++) {
                Ip6 src = new Ip6(H1.hi(), r.nextLong());
                count[m.choose(udp(src, S1, 0), n)]++;
            }
            for (int c : count) {
                assertThat(c / (double) flows).isCloseTo(1.0 / n, within(0.015));
            }
        }
    }

    @Test
    void a_flow_keeps_its_next_hop_and_ports_and_traffic_class_are_not_part_of_the_hash() {
        long key = 42;
        int h = Ip6Multipath.hash(udp(H1, S1, 0), key);
        assertThat(h).isNotNegative(); // 31 bits, as rt6_multipath_hash shifts the flow hash right by one
        SplittableRandom r = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            // policy 0 is layer 3: other ports (a traceroute's probes, other connections) and DSCP keep the path
            assertThat(Ip6Multipath.hash(udp(H1, S1, 0, r.nextInt(256), 1024 + r.nextInt(60000), 33434 + i), key))
                    .isEqualTo(h);
        }
    }

    @Test
    void source_destination_flow_label_and_next_header_each_move_flows() {
        long key = 7;
        int base = Ip6Multipath.hash(udp(H1, S1, 0), key);
        int src = 0;
        int dst = 0;
        int label = 0;
        for (int i = 1; i <= 64; i++) {
            src += Ip6Multipath.hash(udp(new Ip6(H1.hi(), H1.lo() + i), S1, 0), key) != base ? 1 : 0;
            dst += Ip6Multipath.hash(udp(H1, new Ip6(S1.hi(), S1.lo() + i), 0), key) != base ? 1 : 0;
            label += Ip6Multipath.hash(udp(H1, S1, i << 12), key) != base ? 1 : 0;
        }
        assertThat(src).isEqualTo(64);
        assertThat(dst).isEqualTo(64);
        assertThat(label).isEqualTo(64);
        byte[] tcp = udp(H1, S1, 0);
        tcp[6] = 6;
        assertThat(Ip6Multipath.hash(tcp, key)).isNotEqualTo(base);
        // the flow label alone spreads one pair of addresses over both halves
        int[] halves = new int[2];
        for (int l = 1; l <= 1000; l++) {
            halves[Ip6Multipath.threshold(Ip6Multipath.hash(udp(H1, S1, l), key), 2)]++;
        }
        assertThat(halves[0]).isBetween(430, 570);
    }

    @Test
    void an_icmpv6_error_is_hashed_by_the_datagram_it_quotes_and_an_echo_by_its_own_header() {
        long key = 11;
        byte[] probe = udp(H1, S1, 0x12345);
        Ip6 router = Ip6.parse("2001:db8:24::4");
        for (int type : new int[] {Icmpv6Packet.DEST_UNREACHABLE, Icmpv6Packet.PACKET_TOO_BIG,
                Icmpv6Packet.TIME_EXCEEDED, Icmpv6Packet.PARAMETER_PROBLEM}) {
            byte[] err = Icmpv6Packet.datagram(router, H1, 64, Icmpv6Packet.error(type, 0, 0, probe, probe.length));
            assertThat(Ip6Multipath.hash(err, key)).as("type " + type).isEqualTo(Ip6Multipath.hash(probe, key));
        }
        byte[] echo = Icmpv6Packet.datagram(router, H1, 64, Icmpv6Packet.echo(Icmpv6Packet.ECHO_REQUEST, 1, 1,
                new byte[40]));
        byte[] sameHeader = echo.clone();
        sameHeader[Ipv6Packet.HEADER + 8] ^= 1; // the payload is not hashed
        assertThat(Ip6Multipath.hash(sameHeader, key)).isEqualTo(Ip6Multipath.hash(echo, key));
        assertThat(Ip6Multipath.hash(echo, key)).isNotEqualTo(Ip6Multipath.hash(probe, key));
    }

    /** r with two links (to x and y) and a multipath route to 2001:db8:4::/64 through both. */
    static final class Square {
        final World world = new World(5, Instant.parse("2026-01-01T00:00:00Z"));
        final Node r = world.addRouter("r");
        final Node x = world.addRouter("x");
        final Node y = world.addRouter("y");
        final Link rx;
        final Link ry;
        final Ip6Interface viaX;
        final Ip6Interface viaY;
        final Ip6 gx;
        final Ip6 gy;

        Square(Multipath m) {
            LinkParams p = LinkParams.DEFAULT.withBandwidth(100_000_000L);
            rx = world.connect("rx", r, "eth0", Ip4.Cidr.parse("10.0.1.1/30"), x, "eth0", Ip4.Cidr.parse("10.0.1.2/30"), p);
            ry = world.connect("ry", r, "eth1", Ip4.Cidr.parse("10.0.2.1/30"), y, "eth0", Ip4.Cidr.parse("10.0.2.2/30"), p);
            viaX = r.ip6().enable(r.ip().iface("eth0"), r.random("ndp:eth0"));
            viaY = r.ip6().enable(r.ip().iface("eth1"), r.random("ndp:eth1"));
            gx = x.ip6().enable(x.ip().iface("eth0"), x.random("ndp:eth0")).linkLocalAddress();
            gy = y.ip6().enable(y.ip().iface("eth0"), y.random("ndp:eth0")).linkLocalAddress();
            r.ip6().setForwarding(true);
            r.ip6().setMultipath(m);
            Ip6 net = Ip6.parse("2001:db8:4::");
            r.ip6().addProtoRoutes(List.of(new Route6(net, 64, viaX, gx, 20, "ospf", Long.MAX_VALUE, 0),
                    new Route6(net, 64, viaY, gy, 20, "ospf", Long.MAX_VALUE, 0)));
        }

        /** The next hop of the flow from the k-th host of 2001:db8:1::/64. */
        Route6 pathOf(int k) {
            return r.ip6().route(S1, udp(new Ip6(H1.hi(), k), S1, 0));
        }
    }

    @Test
    void the_stack_spreads_flows_over_the_next_hops_and_a_failed_link_moves_only_its_own() {
        Square sq = new Square(Ip6Multipath.perFlow(99));
        List<Route6> before = new ArrayList<>();
        for (int k = 1; k <= 200; k++) {
            before.add(sq.pathOf(k));
            assertThat(sq.pathOf(k)).isSameAs(before.get(k - 1)); // deterministic per flow
        }
        long onX = before.stream().filter(p -> p.iface() == sq.viaX).count();
        assertThat(onX).isBetween(70L, 130L);
        // without a datagram (source selection, path MTU) the first next hop answers
        assertThat(sq.r.ip6().route(S1).gateway()).isEqualTo(sq.gx);

        sq.rx.setUp(false); // carrier lost: the next hop through x leaves the set before any protocol reacts
        for (int k = 1; k <= 200; k++) {
            Route6 now = sq.pathOf(k);
            assertThat(now.iface()).isSameAs(sq.viaY);
            if (before.get(k - 1).iface() == sq.viaY) {
                assertThat(now).isSameAs(before.get(k - 1));
            }
        }
        assertThat(Route6.show(sq.r.ip6().routes().stream().filter(r -> r.proto().equals("ospf")).toList()))
                .isEqualTo("2001:db8:4::/64 proto ospf metric 20 pref medium\n"
                        + "\tnexthop via " + sq.gx + " dev eth0 weight 1 linkdown \n"
                        + "\tnexthop via " + sq.gy + " dev eth1 weight 1 ");

        sq.rx.setUp(true); // back: the flows return to where the hash puts them
        for (int k = 1; k <= 200; k++) {
            assertThat(sq.pathOf(k)).isSameAs(before.get(k - 1));
        }
    }

    @Test
    void per_packet_spraying_sends_one_flow_down_both_next_hops() {
        Square sq = new Square(Multipath.perPacket(new SplittableRandom(4)));
        int onX = 0;
        for (int i = 0; i < 1000; i++) {
            onX += sq.pathOf(1).iface() == sq.viaX ? 1 : 0;
        }
        assertThat(onX).isBetween(430, 570);
    }

    @Test
    void without_a_multipath_policy_or_between_routes_of_other_protocols_the_first_route_takes_all() {
        Square sq = new Square(null);
        for (int k = 1; k <= 50; k++) {
            assertThat(sq.pathOf(k).gateway()).isEqualTo(sq.gx);
        }
        Route6 a = new Route6(Ip6.parse("2001:db8:4::"), 64, sq.viaX, sq.gx, 20, "ospf", Long.MAX_VALUE, 0);
        assertThat(a.siblingOf(new Route6(a.prefix(), 64, sq.viaY, sq.gy, 20, "bgp", Long.MAX_VALUE, 0))).isFalse();
        assertThat(a.siblingOf(new Route6(a.prefix(), 64, sq.viaY, sq.gy, 30, "ospf", Long.MAX_VALUE, 0))).isFalse();
        assertThat(a.siblingOf(new Route6(a.prefix(), 64, sq.viaY, null, 20, "ospf", Long.MAX_VALUE, 0))).isFalse();
        // router advertisements' default routes never form a multipath route (rt6_qualify_for_ecmp)
        Route6 ra = new Route6(Ip6.UNSPECIFIED, 0, sq.viaX, sq.gx, 1024, "ra", Long.MAX_VALUE, 64);
        assertThat(ra.siblingOf(new Route6(Ip6.UNSPECIFIED, 0, sq.viaY, sq.gy, 1024, "ra", Long.MAX_VALUE, 64))).isFalse();
        assertThat(a.siblingOf(new Route6(a.prefix(), 64, sq.viaY, sq.gy, 20, "ospf", Long.MAX_VALUE, 0))).isTrue();
    }
}
