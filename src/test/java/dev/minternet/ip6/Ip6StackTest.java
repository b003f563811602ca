package dev.minternet.ip6;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.Icmpv6Packet;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip6;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IPv6 on Ethernet LANs: link-local addresses with duplicate address detection, SLAAC from a
 * router's advertisements, neighbour discovery, forwarding with hop limit, time exceeded and
 * packet too big. Two LANs: a and c on sw1 (2001:db8:1::/64), b on sw2 (2001:db8:2::/64), r between.
 */
class Ip6StackTest {
    /** The two LANs and the router; {@code lan2Mtu} is sw2's links' MTU. */
    static final class Net {
        final World world = new World(5, Instant.parse("2026-01-01T00:00:00Z"));
        final List<TraceEvent> events = new ArrayList<>();
        final Node a = world.addHost("a");
        final Node b = world.addHost("b");
        final Node c = world.addHost("c");
        final Node r = world.addRouter("r");
        final Ip6Interface ra;
        final Ip6Interface rb;
        final Ip6Interface ia;
        final Ip6Interface ib;
        final Ip6Interface ic;

        Net(int lan2Mtu) {
            world.trace().subscribe(events::add);
            Switch sw1 = world.addSwitch("sw1", false);
            Switch sw2 = world.addSwitch("sw2", false);
            LinkParams p = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(Durations.US);
            NetInterface na = world.attachToSwitch(a, "eth0", cidr("10.0.1.10/24"), 0, sw1, 1, p);
            NetInterface nc = world.attachToSwitch(c, "eth0", cidr("10.0.1.30/24"), 0, sw1, 1, p);
            NetInterface nr1 = world.attachToSwitch(r, "eth0", cidr("10.0.1.1/24"), 0, sw1, 1, p);
            NetInterface nr2 = world.attachToSwitch(r, "eth1", cidr("10.0.2.1/24"), 0, sw2, 1, p.withMtu(lan2Mtu));
            NetInterface nb = world.attachToSwitch(b, "eth0", cidr("10.0.2.20/24"), 0, sw2, 1, p.withMtu(lan2Mtu));
            ra = r.ip6().enable(nr1, r.random("ndp:eth0"));
            rb = r.ip6().enable(nr2, r.random("ndp:eth1"));
            r.ip6().addAddress(ra, Ip6.Cidr.parse("2001:db8:1::1/64"));
            r.ip6().addAddress(rb, Ip6.Cidr.parse("2001:db8:2::1/64"));
            r.ip6().advertise(ra, Ip6.Cidr.parse("2001:db8:1::/64"));
            r.ip6().advertise(rb, Ip6.Cidr.parse("2001:db8:2::/64"));
            ia = a.ip6().enable(na, a.random("ndp:eth0"));
            ic = c.ip6().enable(nc, c.random("ndp:eth0"));
            ib = b.ip6().enable(nb, b.random("ndp:eth0"));
            b.ip6().addAddress(ib, Ip6.Cidr.parse("2001:db8:2::20/64"));
        }

        static dev.minternet.wire.Ip4.Cidr cidr(String s) {
            return Ip4.Cidr.parse(s);
        }
    }

    final Net net = new Net(1500);
    final World world = net.world;
    final List<TraceEvent> events = net.events;
    final Node a = net.a;
    final Node b = net.b;
    final Node c = net.c;
    final Node r = net.r;
    final Ip6Interface ra = net.ra;
    final Ip6Interface ia = net.ia;
    final Ip6Interface ic = net.ic;

    Ip6 slaac(Node n, Ip6Interface i) {
        return new Ip6(Ip6.parse("2001:db8:1::").hi(), Ip6.eui64(i.mac()));
    }

    /** Replies and errors a ping collects. */
    static final class Pings implements Ip6Stack.EchoListener {
        final List<String> got = new ArrayList<>();
        final List<Long> at = new ArrayList<>();
        final World w;

        Pings(World w) {
            this.w = w;
        }

        @Override
        public void echoReply(Ip6 from, int seq, int hopLimit, int length, byte[] d) {
            got.add("reply " + from + " seq=" + seq + " hlim=" + hopLimit + " len=" + length);
            at.add(w.sim().now());
        }

        @Override
        public void error(Ip6 from, int type, int code, int seq, long word) {
            got.add(Icmpv6Packet.describe(type) + " " + from + " code=" + code + " seq=" + seq + " word=" + word);
            at.add(w.sim().now());
        }
    }

    @Test
    void link_local_address_passes_dad_after_one_silent_second() {
        world.sim().runUntil(3 * Durations.S);
        Ip6Interface.Address ll = ia.addresses().get(ia.addresses().size() - 1);
        assertThat(ll.address()).isEqualTo(Ip6.linkLocal(ia.mac()));
        assertThat(ll.state()).isEqualTo(Ip6Interface.AddrState.PREFERRED);
        List<TraceEvent> states = events.stream().filter(e -> e.node().equals("a") && e.is(Ip6Events.ADDRESS)
                && e.get(Ip6Events.HOW).equals("link-local")).toList();
        assertThat(states).extracting(e -> e.get(Ip6Events.STATE)).containsExactly("tentative", "preferred");
        long took = states.get(1).time() - states.get(0).time();
        assertThat(took).isBetween(Durations.S, 2 * Durations.S); // random delay in [0, 1 s) then RetransTimer 1 s
    }

    @Test
    void a_host_forms_its_slaac_address_and_default_route_from_the_router_advertisement() {
        world.sim().runUntil(10 * Durations.S);
        Ip6 addr = slaac(a, ia);
        assertThat(ia.address(addr)).isNotNull();
        assertThat(ia.address(addr).state()).isEqualTo(Ip6Interface.AddrState.PREFERRED);
        assertThat(ia.address(addr).how()).isEqualTo("slaac");
        Route6 def = a.ip6().route(Ip6.parse("2001:db8:2::20"));
        assertThat(def.isDefault()).isTrue();
        assertThat(def.gateway()).isEqualTo(Ip6.linkLocal(ra.mac()));
        assertThat(def.proto()).isEqualTo("ra");
        assertThat(events).anyMatch(e -> e.node().equals("a") && e.is(Ip6Events.RA_RECEIVE)
                && e.get(Ip6Events.PREFIXES).equals("2001:db8:1::/64"));
        // the router learnt nothing from its own advertisements: a router ignores RAs
        assertThat(r.ip6().routes()).noneMatch(Route6::isDefault);
        assertThat(def.show(world.sim().now())).matches("default via fe80::[0-9a-f:]+ dev eth0 proto ra metric 1024 "
                + "expires 17\\d\\dsec hoplimit 64 pref medium");
    }

    @Test
    void ping_across_the_router_pays_neighbour_discovery_once() {
        world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(world);
        int id = a.ip6().openEcho(pings, a.random("ping-id"));
        Ip6 dst = Ip6.parse("2001:db8:2::20");
        long t0 = world.sim().now();
        assertThat(a.ip6().sendEcho(dst, id, 1, 64, new byte[56])).isZero();
        world.sim().runUntil(t0 + Durations.S);
        long t1 = world.sim().now();
        assertThat(a.ip6().sendEcho(dst, id, 2, 64, new byte[56])).isZero();
        world.sim().runUntil(t1 + Durations.S);
        assertThat(pings.got).containsExactly("reply 2001:db8:2::20 seq=1 hlim=63 len=64",
                "reply 2001:db8:2::20 seq=2 hlim=63 len=64");
        long rtt1 = pings.at.get(0) - t0;
        long rtt2 = pings.at.get(1) - t1;
        assertThat(rtt1).isGreaterThan(rtt2); // the router resolved b, then a's global address
        assertThat(events).anyMatch(e -> e.node().equals("r") && e.is(Ip6Events.NEIGH_STATE)
                && e.get(Ip6Events.ADDR).equals("2001:db8:2::20") && e.get(Ip6Events.TO).equals("REACHABLE"));
        assertThat(events).anyMatch(e -> e.node().equals("r") && e.is(Ip6Events.FORWARD));
    }

    @Test
    void a_host_that_comes_up_later_solicits_and_the_router_answers_within_half_a_second() {
        world.sim().runUntil(30 * Durations.S);
        Node d = world.addHost("d");
        NetInterface nd = world.attachToSwitch(d, "eth0", Net.cidr("10.0.1.40/24"), 0, world.switchNamed("sw1"), 1,
                LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(Durations.US));
        Ip6Interface id = d.ip6().enable(nd, d.random("ndp:eth0"));
        world.sim().runUntil(40 * Durations.S);
        TraceEvent rs = events.stream().filter(e -> e.node().equals("d") && e.is(Ip6Events.RS_SEND)).findFirst().orElseThrow();
        TraceEvent answer = events.stream().filter(e -> e.node().equals("r") && e.is(Ip6Events.RA_SEND)
                && e.time() > rs.time()).findFirst().orElseThrow();
        assertThat(answer.time() - rs.time()).isLessThanOrEqualTo(Ip6Interface.MAX_RA_DELAY_NS + Durations.MS);
        assertThat(events.stream().filter(e -> e.node().equals("d") && e.is(Ip6Events.RS_SEND)).count()).isEqualTo(1);
        assertThat(id.address(new Ip6(Ip6.parse("2001:db8:1::").hi(), Ip6.eui64(id.mac()))).state())
                .isEqualTo(Ip6Interface.AddrState.PREFERRED);
    }

    @Test
    void hop_limit_1_gets_time_exceeded_from_the_router() {
        world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(world);
        int id = a.ip6().openEcho(pings, a.random("ping-id"));
        a.ip6().sendEcho(Ip6.parse("2001:db8:2::20"), id, 1, 1, new byte[8]);
        world.sim().runUntil(11 * Durations.S);
        assertThat(pings.got).containsExactly("time exceeded in-transit 2001:db8:1::1 code=0 seq=1 word=0");
    }

    @Test
    void no_route_gets_destination_unreachable() {
        world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(world);
        int id = a.ip6().openEcho(pings, a.random("ping-id"));
        a.ip6().sendEcho(Ip6.parse("2001:db8:9::1"), id, 1, 64, new byte[8]);
        world.sim().runUntil(11 * Durations.S);
        assertThat(pings.got).containsExactly("destination unreachable 2001:db8:1::1 code=0 seq=1 word=0");
    }

    @Test
    void a_router_never_fragments_it_sends_packet_too_big() {
        Net t = new Net(1280);
        t.world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(t.world);
        int id = t.a.ip6().openEcho(pings, t.a.random("ping-id"));
        t.a.ip6().sendEcho(Ip6.parse("2001:db8:2::20"), id, 1, 64, new byte[1300]);
        t.world.sim().runUntil(11 * Durations.S);
        assertThat(pings.got).containsExactly("packet too big 2001:db8:1::1 code=0 seq=1 word=1280");
        // with IPV6_PMTUDISC_DO (ping -M do) a datagram larger than the path MTU is refused at the
        // source; by default it leaves in fragments (Ip6FragmentationTest)
        assertThat(t.a.ip6().sendEcho(Ip6.parse("2001:db8:2::20"), id, 2, 64, new byte[1500], false))
                .isEqualTo(Ip6Stack.ERR_MSG_SIZE);
        assertThat(t.a.ip6().sendEcho(Ip6.parse("2001:db8:2::20"), id, 2, 64, new byte[1500])).isEqualTo(Ip6Stack.OK);
    }

    @Test
    void duplicate_address_detection_finds_an_address_in_use() {
        world.sim().runUntil(10 * Durations.S);
        c.ip6().addAddress(ic, Ip6.Cidr.parse("2001:db8:1::1/64")); // the router's address
        world.sim().runUntil(13 * Durations.S);
        assertThat(ic.address(Ip6.parse("2001:db8:1::1")).state()).isEqualTo(Ip6Interface.AddrState.DADFAILED);
        assertThat(events).anyMatch(e -> e.node().equals("c") && e.is(Ip6Events.DAD_CONFLICT)
                && e.get(Ip6Events.LLADDR).equals(dev.minternet.wire.Mac.str(ra.mac())));
        assertThat(c.ip6().isLocal(Ip6.parse("2001:db8:1::1"))).isFalse();
    }

    @Test
    void the_same_seed_gives_the_same_events() {
        world.sim().runUntil(20 * Durations.S);
        Net again = new Net(1500);
        again.world.sim().runUntil(20 * Durations.S);
        assertThat(again.events.toString()).isEqualTo(events.toString());
        assertThat(events.size()).isGreaterThan(20);
    }

    @Test
    void a_crashed_node_neither_answers_nor_sends_until_restored() {
        world.sim().runUntil(10 * Durations.S);
        Pings pings = new Pings(world);
        int id = a.ip6().openEcho(pings, a.random("ping-id"));
        Ip6 dst = Ip6.parse("2001:db8:2::20");
        b.crash();
        a.ip6().sendEcho(dst, id, 1, 64, new byte[8]);
        world.sim().runUntil(14 * Durations.S);
        // the router's three solicitations for b went unanswered: address unreachable
        assertThat(pings.got).containsExactly("destination unreachable 2001:db8:1::1 code=3 seq=1 word=0");
        b.restore();
        a.ip6().sendEcho(dst, id, 2, 64, new byte[8]);
        world.sim().runUntil(16 * Durations.S);
        assertThat(pings.got).endsWith("reply 2001:db8:2::20 seq=2 hlim=63 len=16");
    }

    @Test
    void random_bytes_in_ipv6_frames_never_throw() {
        world.sim().runUntil(10 * Durations.S);
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        byte[] good = Icmpv6Packet.datagram(Ip6.parse("2001:db8:1::1"), Ip6.linkLocal(ia.mac()), 255,
                Icmpv6Packet.routerAdvertisement(64, 1800, 0, 0, ra.mac(), 1500, List.of(new Icmpv6Packet.PrefixInfo(
                        Ip6.parse("2001:db8:7::"), 64, 0xc0, 100, 50))));
        for (int n = 0; n < 3000; n++) {
            byte[] d = good.clone();
            int flips = 1 + rnd.nextInt(6);
            for (int k = 0; k < flips; k++) {
                d[rnd.nextInt(d.length)] = (byte) rnd.nextInt(256);
            }
            if (rnd.nextInt(4) == 0) {
                d = java.util.Arrays.copyOf(d, rnd.nextInt(d.length + 1));
            }
            // the checksum refilled half the time, so that the NDP parsers see the damage too
            if (rnd.nextBoolean() && d.length >= 48) {
                Icmpv6Packet.fillChecksum(d, 40, d.length - 40, dev.minternet.wire.Ipv6Packet.src(d, 0),
                        dev.minternet.wire.Ipv6Packet.dst(d, 0));
            }
            byte[] f = dev.minternet.wire.EthernetFrame.build(ia.mac(), ra.mac(), dev.minternet.wire.EthernetFrame.TYPE_IPV6,
                    d, 0, d.length);
            ia.net().arrive(f);
        }
        world.sim().runUntil(20 * Durations.S);
        assertThat(ia.address(new Ip6(Ip6.parse("2001:db8:1::").hi(), Ip6.eui64(ia.mac())))).isNotNull();
    }
}
