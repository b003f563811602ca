package dev.minternet.link.ethernet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.wire.Ip4.Cidr;
import dev.minternet.link.Link;
import dev.minternet.node.LinkParams;
import dev.minternet.node.Node;
import dev.minternet.node.World;
import dev.minternet.sim.Durations;
import dev.minternet.transport.udp.UdpSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * What a LAN elides while nobody traces (broadcasts a host ignores arriving as ghosts, queues
 * draining without "transmission done" events, see link.Channel) must leave everything as the run
 * with every event does: the trace turns those elisions off, so a run with a trace and one without
 * must see the same datagrams at the same instants, and the same counters, queues, MAC tables
 * (with their update times) and switch counts whenever they are read, through bursts that meet at
 * the switches, links going down and up under traffic, a capture of a switch port starting
 * mid-run and an address moving between ports, with spanning tree and without.
 */
class LanTraceOnOffTest {
    /**
     * Seven hosts in VLAN 1, four on sw1 and three on sw2, the switches joined by a trunk that also
     * carries VLAN 2 tagged (one host of it on each switch); h6 (on sw1) has h5's MAC (on sw2), so
     * that address moves between sw1's port and its trunk as they send.
     */
    private static List<String> run(long seed, boolean stp, boolean traced, long[] counts) {
        World w = new World(seed, Instant.parse("2026-01-01T00:00:00Z"));
        LinkParams p = LinkParams.DEFAULT.withBandwidth(100_000_000L).withDelay(50 * Durations.US).withQueuePackets(20);
        Switch sw1 = w.addSwitch("sw1", stp);
        Switch sw2 = w.addSwitch("sw2", stp);
        // with spanning tree the trunk forwards after listening and learning (30 s): the traffic starts after
        long start = stp ? 31 * Durations.S : 0;
        java.util.BitSet two = new java.util.BitSet();
        two.set(2);
        w.trunk(sw1, sw2, two, p);
        int net = (10 << 24);
        List<Node> hosts = new ArrayList<>();
        List<String> log = new ArrayList<>();
        long shared = 0x02_00_00_00_00_55L;
        for (int i = 0; i < 9; i++) {
            Node h = w.addHost("h" + i);
            Switch sw = i < 4 || i == 6 || i == 7 ? sw1 : sw2;
            int vlan = i >= 7 ? 2 : 1;
            w.attachToSwitch(h, "eth0", new Cidr(net + (vlan == 2 ? 256 : 0) + 1 + i, 24), i == 5 || i == 6 ? shared : 0,
                    sw, vlan, p);
            hosts.add(h);
            UdpSocket echo = h.udp().open(9);
            int self = i;
            echo.onRead((src, sport, buf, off, len) -> {
                log.add(w.sim().now() + " h" + self + " <- " + src + " " + len);
                if (len > 1) {
                    echo.send(src, sport, buf, off, len - 1);
                }
            });
        }
        if (traced) {
            w.trace().subscribe(e -> { });
        }
        SplittableRandom r = new SplittableRandom(seed);
        // bursts: a few hosts sending at nearly the same instant, so that frames meet at the switches
        for (int b = 0; b < 150; b++) {
            long t = start + 10 * Durations.MS + r.nextLong(400 * Durations.MS);
            int n = 1 + r.nextInt(5);
            for (int k = 0; k < n; k++) {
                int from = r.nextInt(9);
                int to;
                if (from >= 7) {
                    to = 15 - from; // the other host of VLAN 2
                } else {
                    to = r.nextInt(6);
                    to = to >= from ? to + 1 : to;
                }
                int len = 1 + r.nextInt(3) * 300 + r.nextInt(20);
                long at = t + r.nextLong(200 * Durations.US);
                Node h = hosts.get(from);
                int dst = net + (to >= 7 ? 256 : 0) + 1 + to;
                w.sim().schedule(at, () -> h.udp().open(0).send(dst, 9, new byte[len]));
            }
        }
        // reads at random instants: every cable's counters and queues, the switches' counts and tables
        for (int i = 0; i < 60; i++) {
            long t = start + 10 * Durations.MS + r.nextLong(420 * Durations.MS);
            w.sim().schedule(t, () -> {
                for (Link l : w.links()) {
                    log.add(w.sim().now() + " " + l.name() + " " + l.channelFromA().counters() + " / "
                            + l.channelFromB().counters() + " q " + l.channelFromA().queueLength() + "/"
                            + l.channelFromB().queueLength());
                }
                for (Switch s : List.of(sw1, sw2)) {
                    log.add(table(s));
                }
            });
        }
        // a host's cable goes down and up under traffic
        Link h2 = sw1.ports().get(2).link(); // h1's cable
        long down = start + 100 * Durations.MS + r.nextLong(50 * Durations.MS);
        w.sim().schedule(down, () -> h2.setUp(false));
        w.sim().schedule(down + 3 * Durations.MS, () -> h2.setUp(true));
        // a capture of a switch port starts mid-run
        long tap = start + 200 * Durations.MS + r.nextLong(50 * Durations.MS);
        w.sim().schedule(tap, () -> sw1.ports().get(1).addTap((f, out) -> log.add(w.sim().now() + " tap " + out + " " + f.length)));
        w.sim().runUntil(start + Durations.S);
        for (Link l : w.links()) {
            log.add(l.name() + " " + l.channelFromA().counters() + " / " + l.channelFromB().counters());
        }
        log.add(table(sw1));
        log.add(table(sw2));
        counts[traced ? 1 : 0] = w.sim().eventsExecuted();
        return log;
    }

    /** A switch's count of frames received and its MAC table, each entry with its port and update time. */
    private static String table(Switch s) {
        StringBuilder b = new StringBuilder(s.name() + " " + s.framesReceived());
        for (Switch.FdbEntry e : s.fdb()) {
            b.append(' ').append(Long.toHexString(e.mac())).append('@').append(e.port().name()).append('/').append(e.vlan())
                    .append(':').append(e.updatedNs());
        }
        return b.toString();
    }

    @Test
    void aLanWithoutTraceSeesAndLeavesWhatItDoesWithOne() {
        long fewer = 0;
        for (long seed = 1; seed <= 12; seed++) {
            long[] counts = new long[2];
            boolean stp = seed % 3 == 0;
            List<String> quiet = run(seed, stp, false, counts);
            assertThat(quiet).as("seed %d", seed).isEqualTo(run(seed, stp, true, counts));
            assertThat(quiet).anyMatch(l -> l.contains(" tap "));
            fewer += counts[1] - counts[0];
        }
        assertThat(fewer).as("events the elisions spared").isGreaterThan(500); // 968 at this writing: ghosts and lazy drains
    }
}
