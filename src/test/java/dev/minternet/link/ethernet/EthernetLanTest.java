package dev.minternet.link.ethernet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.ArpEvents;
import dev.minternet.ip.IpEvents;
import dev.minternet.ip.Neighbours;
import dev.minternet.ip.NetInterface;
import dev.minternet.sim.Durations;
import dev.minternet.testing.Runs;
import dev.minternet.trace.TraceEvent;
import dev.minternet.wire.EthernetFrame;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ethernet LANs: the first ping pays ARP's round trip exactly as the link parameters say, the
 * neighbour table goes through Linux's states on Linux's clock, an unanswered address fails after
 * 3 requests, switches learn, flood and age.
 */
class EthernetLanTest {
    /** Hosts a, b and c on one switch at 100 Mbit/s with 1 us cables (line 4 on: nodes). */
    static String lan(String stp, String duration, String timeline) {
        return "name: lan\nseed: 5\n" + duration + "nodes:\n"
                + "  - {name: a, kind: host}\n  - {name: b, kind: host}\n  - {name: c, kind: host}\n"
                + "lans:\n  - switch: sw1\n    stp: " + stp + "\n    bandwidth: 100Mbps\n    delay: 1us\n    ports:\n"
                + "      - a 10.0.0.1/24\n      - b 10.0.0.2/24\n      - c 10.0.0.3/24\n"
                + "timeline:\n" + timeline;
    }

    /** Time on the wire of a frame of {@code bytes} captured bytes at 100 Mbit/s, padding and overhead included. */
    static long wire(int bytes) {
        return Durations.serialization(Math.max(bytes, EthernetFrame.MIN_FRAME) + EthernetFrame.WIRE_OVERHEAD, 100_000_000L)
                + 1_000;
    }

    @Test
    void the_first_ping_pays_the_arp_round_trip_and_the_second_does_not() {
        Runs.Result r = Runs.run(lan("false", "", "  - {at: 1s, on: a, run: ping -c 2 10.0.0.2}\n"));
        // host -> switch -> host: two cables each way; ARP request and reply are 42-byte frames, the
        // echo request and reply 98-byte frames (14 + 20 + 8 + 56)
        long arp = 2 * wire(42) + 2 * wire(42);
        long echo = 2 * wire(98) + 2 * wire(98);
        assertThat(arp).isEqualTo(30_880);
        assertThat(echo).isEqualTo(43_040);
        List<TraceEvent> replies = r.events(e -> e.is(IpEvents.RECEIVE) && e.node().equals("a")
                && "icmp".equals(e.get(IpEvents.PROTO)));
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).time()).isEqualTo(Durations.S + arp + echo);
        assertThat(replies.get(1).time()).isEqualTo(2 * Durations.S + echo);
        assertThat(r.terminal("a")).contains("64 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.073 ms",
                "64 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=0.043 ms");
        // the request went to everyone (flooded), the echo only to b
        assertThat(r.events(BridgeEvents.FLOOD)).anyMatch(e -> e.get(BridgeEvents.DST).equals("ff:ff:ff:ff:ff:ff"));
        assertThat(r.events(e -> e.is(IpEvents.RECEIVE) && e.node().equals("c"))).isEmpty();
    }

    @Test
    void a_neighbour_goes_reachable_stale_delay_probe_and_back_on_linux_timers() {
        Runs.Result r = Runs.run(lan("false", "", "  - {at: 1s, on: a, run: ping -c 1 10.0.0.2}\n"
                + "  - {at: 100s, on: a, run: ping -c 1 10.0.0.2}\n  - {at: 101s, on: a, run: ip neigh}\n"
                + "  - {at: 110s, on: a, run: ip neigh}\n"));
        NetInterface eth0 = r.world().node("a").ip().iface("eth0");
        long reach = eth0.neighbours().reachableTimeNs();
        assertThat(reach).isBetween(15 * Durations.S, 45 * Durations.S);
        List<TraceEvent> states = r.events(e -> e.is(ArpEvents.STATE) && e.node().equals("a"));
        assertThat(states).extracting(e -> e.get(ArpEvents.FROM) + ">" + e.get(ArpEvents.TO)).containsExactly(
                "NONE>INCOMPLETE", "INCOMPLETE>REACHABLE", "REACHABLE>STALE", "STALE>DELAY", "DELAY>PROBE",
                "PROBE>REACHABLE", "REACHABLE>STALE");
        long confirmed = states.get(1).time();
        assertThat(states.get(2).time()).isEqualTo(confirmed + reach);
        assertThat(states.get(3).time()).isEqualTo(100 * Durations.S);
        assertThat(states.get(4).time()).isEqualTo(100 * Durations.S + Neighbours.DELAY_FIRST_PROBE_NS);
        // the probe is a unicast request to the address the entry holds
        List<TraceEvent> probes = r.events(e -> e.is(ArpEvents.SEND) && e.node().equals("a")
                && e.time() == states.get(4).time());
        assertThat(probes).singleElement().satisfies(e -> assertThat(e.get(ArpEvents.DST)).isNotEqualTo("ff:ff:ff:ff:ff:ff"));
        assertThat(r.terminal("a")).anySatisfy(l -> assertThat(l).matches("10\\.0\\.0\\.2 dev eth0 lladdr [0-9a-f:]{17} DELAY "))
                .anySatisfy(l -> assertThat(l).matches("10\\.0\\.0\\.2 dev eth0 lladdr [0-9a-f:]{17} REACHABLE "));
        // b learnt a from a's request: STALE, as Linux's neigh_event_ns leaves it
        assertThat(r.events(e -> e.is(ArpEvents.STATE) && e.node().equals("b")).get(0).get(ArpEvents.TO)).isEqualTo("STALE");
    }

    @Test
    void an_address_nobody_answers_fails_after_three_requests_a_second_apart() {
        Runs.Result r = Runs.run(lan("false", "", "  - {at: 1s, on: a, run: ping -c 1 10.0.0.9}\n"
                + "  - {at: 5s, on: a, run: ip neigh}\n  - {at: 6s, on: a, run: ip neigh flush dev eth0}\n"
                + "  - {at: 7s, on: a, run: ip neigh}\n"));
        List<TraceEvent> requests = r.events(e -> e.is(ArpEvents.SEND) && "10.0.0.9".equals(e.get(ArpEvents.TARGET_IP)));
        assertThat(requests).extracting(TraceEvent::time).containsExactly(Durations.S, 2 * Durations.S, 3 * Durations.S);
        assertThat(r.events(ArpEvents.UNREACHABLE)).singleElement().satisfies(e -> {
            assertThat(e.time()).isEqualTo(4 * Durations.S);
            assertThat(e.num(ArpEvents.QUEUED)).isEqualTo(1);
        });
        assertThat(r.terminal("a")).contains("From 10.0.0.1 icmp_seq=1 Destination Host Unreachable",
                "10.0.0.9 dev eth0 FAILED ");
        assertThat(r.terminal("a").subList(r.terminal("a").indexOf("10.0.0.9 dev eth0 FAILED ") + 1, r.terminal("a").size()))
                .doesNotContain("10.0.0.9 dev eth0 FAILED ");
    }

    @Test
    void a_switch_learns_forwards_to_the_learnt_port_and_forgets_after_300_s() {
        Runs.Result r = Runs.run(lan("false", "", "  - {at: 1s, on: a, run: ping -c 1 10.0.0.2}\n"
                + "  - {at: 2s, on: c, run: bridge fdb show}\n  - {at: 400s, on: c, run: bridge fdb show}\n"));
        Switch sw = r.world().switchNamed("sw1");
        String macA = dev.minternet.wire.Mac.str(r.world().node("a").ip().iface("eth0").mac());
        List<String> c = r.terminal("c");
        assertThat(c).contains(macA + " dev swp1 vlan 1 master sw1");
        // every host announced itself at 0 s; a's entry was refreshed by the ping at 1 s: all are gone at 400 s
        assertThat(c).as("three hosts listed at 2 s, nothing at 400 s").filteredOn(l -> l.endsWith("master sw1")).hasSize(3);
        assertThat(sw.fdb()).isEmpty();
        assertThat(r.events(BridgeEvents.AGE)).extracting(e -> e.get(BridgeEvents.MAC)).contains(macA);
        assertThat(r.events(BridgeEvents.AGE)).allSatisfy(e -> assertThat(e.time()).isEqualTo(400 * Durations.S));
    }

    @Test
    void an_address_learnt_again_after_its_entry_was_removed_is_in_the_table_and_frames_to_it_are_not_flooded() {
        // `bridge fdb show` at 350 s removes the aged entries; each port still remembers the slot
        // it last used: the ping at 400 s must learn a and b into new slots, and b's replies to a
        // must find a's new slot (not age it away through the old one and flood)
        Runs.Result r = Runs.run(lan("false", "", "  - {at: 1s, on: a, run: ping -c 1 10.0.0.2}\n"
                + "  - {at: 350s, on: c, run: bridge fdb show}\n  - {at: 400s, on: a, run: ping -c 2 10.0.0.2}\n"
                + "  - {at: 402s, on: c, run: bridge fdb show}\n"));
        String macA = dev.minternet.wire.Mac.str(r.world().node("a").ip().iface("eth0").mac());
        String macB = dev.minternet.wire.Mac.str(r.world().node("b").ip().iface("eth0").mac());
        assertThat(r.terminal("a")).anyMatch(l -> l.startsWith("2 packets transmitted, 2 received, 0% packet loss"));
        assertThat(r.terminal("c")).contains(macA + " dev swp1 vlan 1 master sw1", macB + " dev swp2 vlan 1 master sw1");
        assertThat(r.world().switchNamed("sw1").fdb()).extracting(e -> dev.minternet.wire.Mac.str(e.mac()))
                .contains(macA, macB);
        // a still holds b's address and sends its first request straight to it: b, removed from the
        // table at 350 s, is unknown until it answers, so that one frame is flooded; nothing to a is
        assertThat(r.events(BridgeEvents.FLOOD)).filteredOn(e -> e.time() >= 400 * Durations.S)
                .extracting(e -> e.get(BridgeEvents.PORT) + " " + e.get(BridgeEvents.DST)).containsExactly("swp1 " + macB);
        assertThat(r.events(BridgeEvents.AGE)).filteredOn(e -> e.time() > 350 * Durations.S).isEmpty();
    }

    @Test
    void a_loop_of_switches_converges_and_a_ping_crosses_it_without_a_storm() {
        String yaml = "name: loop\nseed: 2\nduration: 60s\nnodes:\n  - {name: a, kind: host}\n  - {name: b, kind: host}\n"
                + "lans:\n  - switch: s1\n    ports: [a 10.0.0.1/24, trunk s2, trunk s3]\n"
                + "  - switch: s2\n    ports: [trunk s3]\n  - switch: s3\n    ports: [b 10.0.0.2/24]\n"
                + "timeline:\n  - {at: 31s, on: a, run: ping -c 3 10.0.0.2}\n";
        Runs.Result r = Runs.run(yaml);
        assertThat(r.terminal("a")).contains("3 packets transmitted, 3 received, 0% packet loss, time 2000ms");
        long blocking = 0;
        long total = 0;
        long root = 0;
        for (Switch s : r.world().switches()) {
            total += s.framesReceived();
            root = s.rootId();
            for (Switch.Port p : s.ports()) {
                if (p.state() == Switch.State.BLOCKING) {
                    blocking++;
                    assertThat(p.role()).isEqualTo(Switch.Role.ALTERNATE);
                }
            }
        }
        assertThat(blocking).as("one port of the triangle blocks").isEqualTo(1);
        for (Switch s : r.world().switches()) {
            assertThat(s.rootId()).as("every switch agrees on the root").isEqualTo(root);
        }
        // BPDUs (one per designated port every 2 s, relayed) and a handful of frames: no storm
        assertThat(total).isLessThan(400);
        // the same loop without spanning tree: the gratuitous ARPs at 0 s circulate for ever
        Runs.Result storm = Runs.run(yaml.replace("duration: 60s", "duration: 1ms")
                .replace("  - {at: 31s, on: a, run: ping -c 3 10.0.0.2}\n", "")
                .replace("ports: [a 10.0.0.1/24, trunk s2, trunk s3]", "stp: false\n    ports: [a 10.0.0.1/24, trunk s2, trunk s3]")
                .replace("ports: [trunk s3]", "stp: false\n    ports: [trunk s3]")
                .replace("ports: [b 10.0.0.2/24]", "stp: false\n    ports: [b 10.0.0.2/24]"));
        long frames = 0;
        for (Switch s : storm.world().switches()) {
            frames += s.framesReceived();
        }
        assertThat(frames).as("a broadcast storm in 1 ms").isGreaterThan(100);
    }

    @Test
    void a_point_to_point_link_may_be_ethernet_and_the_others_stay_raw_ip() {
        Runs.Result r = Runs.run("name: p2p\nnodes:\n  - {name: a, kind: host}\n  - {name: b, kind: host}\n"
                + "  - {name: c, kind: host}\nlinks:\n"
                + "  - {a: a 10.0.0.1/30, b: b 10.0.0.2/30, bandwidth: 100Mbps, delay: 1us, ethernet: true}\n"
                + "  - {a: a 10.0.1.1/30, b: c 10.0.1.2/30, bandwidth: 100Mbps, delay: 1us}\n"
                + "timeline:\n  - {at: 1s, on: a, run: ping -c 1 10.0.0.2}\n  - {at: 1s, on: a, run: ping -c 1 10.0.1.2}\n"
                + "  - {at: 2s, on: a, run: ip neigh}\n");
        NetInterface eth = r.world().node("a").ip().iface("eth0");
        NetInterface raw = r.world().node("a").ip().iface("eth1");
        assertThat(eth.isEthernet()).isTrue();
        assertThat(eth.linkType()).isEqualTo(1);
        assertThat(raw.isEthernet()).isFalse();
        assertThat(raw.linkType()).isEqualTo(101);
        // one cable each way: ARP (42-byte frames) then the echo (98-byte frames); raw IP: 84-byte datagrams, no overhead
        long raw84 = Durations.serialization(84, 100_000_000L) + 1_000;
        List<TraceEvent> replies = r.events(e -> e.is(IpEvents.RECEIVE) && e.node().equals("a"));
        assertThat(replies).extracting(TraceEvent::time).containsExactlyInAnyOrder(
                Durations.S + 2 * wire(42) + 2 * wire(98), Durations.S + 2 * raw84);
        assertThat(r.terminal("a")).anySatisfy(l -> assertThat(l).matches("10\\.0\\.0\\.2 dev eth0 lladdr [0-9a-f:]{17} REACHABLE "))
                .noneSatisfy(l -> assertThat(l).contains("10.0.1.2 dev"));
    }
}
