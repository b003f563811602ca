package dev.minternet.ip;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.routing.GlobalRouting;
import dev.minternet.sim.Durations;
import dev.minternet.trace.TraceEvent;
import dev.minternet.transport.udp.UdpSocket;
import dev.minternet.wire.IcmpPacket;
import dev.minternet.wire.Ip4;
import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.wire.Ipv4Packet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentationTest {
    World world = new World(3, Instant.parse("2026-01-01T00:00:00Z"));
    List<TraceEvent> trace = new ArrayList<>();
    Node a;
    Node r;
    Node b;

    /** a --(MTU 9000)-- r --(MTU 1500)-- b */
    void build() {
        world.trace().subscribe(trace::add);
        a = world.addHost("a");
        r = world.addRouter("r");
        b = world.addHost("b");
        world.connect(a, Cidr.parse("10.0.0.1/24"), r, Cidr.parse("10.0.0.2/24"), LinkParams.DEFAULT.withMtu(9000));
        world.connect(r, Cidr.parse("10.0.1.1/24"), b, Cidr.parse("10.0.1.2/24"), LinkParams.DEFAULT.withMtu(1500));
        GlobalRouting.install(world);
    }

    static byte[] pattern(int n) {
        byte[] p = new byte[n];
        for (int i = 0; i < n; i++) {
            p[i] = (byte) (i * 31 + 7);
        }
        return p;
    }

    @Test
    void a_4000_byte_udp_datagram_is_fragmented_by_the_router_and_arrives_whole() {
        build();
        List<byte[]> got = new ArrayList<>();
        List<byte[]> onWire = new ArrayList<>();
        b.ip().iface("eth0").addTap((d, out) -> onWire.add(d.clone()));
        b.udp().open(5000).onReceive((src, sport, payload, d) -> got.add(payload));
        UdpSocket s = a.udp().open(0);
        byte[] payload = pattern(4000);
        world.sim().schedule(0, () -> s.send(Ip4.parse("10.0.1.2"), 5000, payload));
        world.sim().run();

        assertThat(got).hasSize(1);
        assertThat(got.get(0)).isEqualTo(payload);
        // 4008 bytes of IP payload (UDP header + 4000) in 1480-byte pieces: 1480 + 1480 + 1048
        assertThat(onWire).hasSize(3);
        assertThat(onWire).extracting(d -> d.length).containsExactly(1500, 1500, 1068);
        assertThat(onWire).extracting(d -> Ipv4Packet.fragmentOffset(d, 0)).containsExactly(0, 1480, 2960);
        assertThat(onWire).extracting(d -> Ipv4Packet.moreFragments(d, 0)).containsExactly(true, true, false);
        assertThat(onWire).allSatisfy(d -> assertThat(Ipv4Packet.check(d, 0, d.length)).isNull());
        assertThat(r.ip().counters().outFragCreates()).isEqualTo(3);
        assertThat(b.ip().counters().reasmOks()).isEqualTo(1);
    }

    @Test
    void with_df_set_the_router_answers_fragmentation_needed_with_the_next_hop_mtu() {
        build();
        List<int[]> errors = new ArrayList<>();
        UdpSocket s = a.udp().open(0);
        s.setDontFragment(true);
        s.onError((from, type, code, mtu, quoted) -> errors.add(new int[] {from, type, code, mtu}));
        world.sim().schedule(0, () -> s.send(Ip4.parse("10.0.1.2"), 5000, pattern(4000)));
        world.sim().run();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).containsExactly(Ip4.parse("10.0.0.2"), IcmpPacket.DEST_UNREACHABLE,
                IcmpPacket.CODE_FRAGMENTATION_NEEDED, 1500);
        assertThat(trace).anyMatch(e -> e.is(IpEvents.DROP) && "fragmentation-needed".equals(e.get(IpEvents.REASON)));
    }

    @Test
    void a_local_send_larger_than_the_mtu_with_df_fails_with_emsgsize() {
        build();
        UdpSocket s = b.udp().open(0);
        s.setDontFragment(true);
        int[] status = new int[1];
        world.sim().schedule(0, () -> status[0] = s.send(Ip4.parse("10.0.0.1"), 9, pattern(2000)));
        world.sim().run();
        assertThat(status[0]).isEqualTo(IpStack.ERR_MSG_SIZE);
    }

    @Test
    void a_missing_fragment_times_out_with_icmp_reassembly_time_exceeded() {
        build();
        // Lose the second fragment on its way to b.
        r.ip().addFilter(Hook.POSTROUTING, (hook, d, in, out) ->
                Ipv4Packet.fragmentOffset(d, 0) == 1480 ? PacketFilter.DROP : PacketFilter.ACCEPT);
        List<int[]> errors = new ArrayList<>();
        List<byte[]> got = new ArrayList<>();
        b.udp().open(5000).onReceive((src, sport, payload, d) -> got.add(payload));
        UdpSocket s = a.udp().open(0);
        s.onError((from, type, code, mtu, quoted) -> errors.add(new int[] {from, type, code}));
        world.sim().schedule(0, () -> s.send(Ip4.parse("10.0.1.2"), 5000, pattern(4000)));
        world.sim().run();
        assertThat(got).isEmpty();
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).containsExactly(Ip4.parse("10.0.1.2"), IcmpPacket.TIME_EXCEEDED,
                IcmpPacket.CODE_REASSEMBLY_EXCEEDED);
        TraceEvent timeout = trace.stream().filter(e -> e.is(IpEvents.DROP_REASSEMBLY)).findFirst().orElseThrow();
        assertThat(timeout.time()).isBetween(30 * Durations.S, 31 * Durations.S);
    }

    @Test
    void fragments_arriving_out_of_order_and_duplicated_still_reassemble() {
        build();
        List<byte[]> got = new ArrayList<>();
        b.udp().open(5000).onReceive((src, sport, payload, d) -> got.add(payload));
        // Build the fragments by hand on a, then feed them to b's interface in a shuffled order.
        List<byte[]> frags = new ArrayList<>();
        r.ip().iface("eth1").addTap((d, out) -> {
            if (out) {
                frags.add(d.clone());
            }
        });
        UdpSocket s = a.udp().open(0);
        byte[] payload = pattern(4000);
        r.ip().addFilter(Hook.POSTROUTING, (hook, d, in, out) -> PacketFilter.ACCEPT);
        world.sim().schedule(0, () -> s.send(Ip4.parse("10.0.1.2"), 5000, payload));
        world.sim().run();
        assertThat(got).hasSize(1);
        NetInterface bIf = b.ip().iface("eth0");
        got.clear();
        for (int i : new int[] {2, 0, 2, 1}) {
            bIf.arrive(frags.get(i).clone());
        }
        world.sim().run();
        assertThat(got).hasSize(1);
        assertThat(Arrays.equals(got.get(0), payload)).isTrue();
    }
}
