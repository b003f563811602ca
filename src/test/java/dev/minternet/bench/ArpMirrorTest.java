package dev.minternet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.ip.NetInterface;
import dev.minternet.ip.Neighbours;
import dev.minternet.link.ethernet.Switch;
import dev.minternet.node.Node;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A channel that drops a broadcast ARP its NIC would ignore (the NIC's check mirrored into the
 * channel, see Channel#mirrorArpFilter) must leave every host as the NIC's own check does: the
 * trace turns the mirror off, so a run with a trace and one without must end with the same
 * neighbour tables, counters and replies.
 */
class ArpMirrorTest {
    private static List<String> state(boolean traced) {
        ManyHosts m = ManyHosts.build(300, 3, 5, true);
        if (traced) {
            m.world().trace().subscribe(e -> { });
        }
        m.world().sim().run();
        List<String> out = new ArrayList<>();
        // not the count of events: a broadcast ignored on the wire takes none (Channel#ghost)
        out.add("sent " + m.sent() + " replies " + m.replies() + " at " + m.world().sim().now());
        for (Node n : m.world().nodes()) {
            for (NetInterface i : n.ip().interfaces()) {
                out.add(n.name() + " " + i.name() + " " + (i.out() == null ? "" : i.out().counters()));
                Neighbours t = i.neighbours();
                if (t != null) {
                    t.entries().forEach(e -> out.add("  " + t.show(e, true)));
                }
            }
        }
        for (Switch s : m.world().switches()) {
            out.add(s.name() + " received " + s.framesReceived() + " fdb " + s.fdb().size());
        }
        // both directions of every cable: what a switch port sent and its host received, ghosts included
        for (dev.minternet.link.Link l : m.world().links()) {
            out.add(l.name() + " " + l.channelFromA().counters() + " / " + l.channelFromB().counters());
        }
        return out;
    }

    /** The trace lines after {@code from} ns, with the trace on from the start or switched on at {@code from}. */
    private static List<String> traceAfter(long from, boolean fromStart) {
        ManyHosts m = ManyHosts.build(300, 3, 5, true);
        List<String> lines = new ArrayList<>();
        dev.minternet.trace.TraceSink sink = e -> {
            if (e.time() > from) {
                lines.add(e.toString());
            }
        };
        if (fromStart) {
            m.world().trace().subscribe(sink);
        } else {
            m.world().sim().schedule(from, () -> m.world().trace().subscribe(sink));
        }
        m.world().sim().run();
        lines.add("replies " + m.replies() + " events " + m.world().sim().eventsExecuted());
        return lines.subList(0, lines.size() - 1);
    }

    @Test
    void broadcastsOnTheWireWhenTheTraceGoesOnArriveAsFrames() {
        // the hosts' first requests (and their ARP floods) run from 1 s to 2 s; the storm of announcements at 1-2 ms
        for (long from : new long[] {1_000_500L, 1_400_000_000L, 1_700_000_123L}) {
            List<String> late = traceAfter(from, false);
            assertThat(late).as("trace on at %d ns", from).isEqualTo(traceAfter(from, true));
            assertThat(late).isNotEmpty();
        }
    }

    @Test
    void broadcastsIgnoredOnTheWireAreTheSameOnOneThreadAsOnSeveral() {
        // each region (an edge router, its switch and hosts) keeps its own list of channels with a ghost
        ManyHosts.Result one = ManyHosts.run(2000, 3, 1, true, 1);
        ManyHosts.Result three = ManyHosts.run(2000, 3, 1, true, 3);
        assertThat(three.repliesReceived()).isEqualTo(one.repliesReceived()).isEqualTo(6000);
        assertThat(three.events()).isEqualTo(one.events());
        assertThat(three.simulatedSeconds()).isEqualTo(one.simulatedSeconds());
    }

    @Test
    void hostsEndTheSameWhetherTheChannelOrTheNicIgnoresABroadcast() {
        List<String> mirrored = state(false);
        assertThat(mirrored).isEqualTo(state(true));
        assertThat(mirrored.get(0)).startsWith("sent 900 replies 900 ");
    }

    /** Every cable's counters, both directions, read at each of {@code times} (ns) inside the run. */
    private static List<String> countersAt(boolean traced, long... times) {
        ManyHosts m = ManyHosts.build(300, 3, 5, true);
        if (traced) {
            m.world().trace().subscribe(e -> { });
        }
        List<String> out = new ArrayList<>();
        for (long t : times) {
            m.world().sim().scheduleAt(t, new dev.minternet.sim.Event() {
                @Override
                protected void fire() {
                    for (dev.minternet.link.Link l : m.world().links()) {
                        out.add(t + " " + l.name() + " " + l.channelFromA().counters() + " / " + l.channelFromB().counters()
                                + " queued " + l.channelFromA().queueLength() + "/" + l.channelFromB().queueLength());
                    }
                }
            });
        }
        m.world().sim().run();
        return out;
    }

    @Test
    void countersReadWhileBroadcastsAreOnTheWireCountWhatHasArrived() {
        // the announcements reach the switches at 1 ms and queue each port's copies behind one on the
        // wire (drained by about 1.012 ms), which arrive at the hosts from 2 ms on: without a trace
        // they are ghosts (the queue draining behind them without events), counted when read, some
        // read while they arrive (the last of a port's arrived or not: settled at once or one by one)
        long[] times = {1_000_517L, 1_001_309L, 1_004_001L, 1_020_003L, 1_500_007L, 2_000_700L, 2_003_011L,
            2_006_203L, 2_011_509L, 2_013_007L, 2_100_003L, 1_300_000_011L, 2_500_000_013L};
        List<String> ghosts = countersAt(false, times);
        assertThat(ghosts).isEqualTo(countersAt(true, times));
        assertThat(ghosts).anyMatch(l -> l.contains(" queued ") && !l.endsWith(" queued 0/0"));
        // read first while they arrive, the queues behind them not caught up by an earlier read
        for (long t : new long[] {2_000_700L, 2_006_203L, 2_011_509L, 2_013_007L}) {
            assertThat(countersAt(false, t)).as("read at %d ns", t).isEqualTo(countersAt(true, t));
        }
    }

    @Test
    void broadcastsIgnoredOnTheWireTakeNoEventWhileNobodyTraces() {
        long[] events = new long[2];
        for (int traced = 0; traced < 2; traced++) {
            ManyHosts m = ManyHosts.build(300, 3, 5, true);
            if (traced == 1) {
                m.world().trace().subscribe(e -> { });
            }
            m.world().sim().run();
            events[traced] = m.world().sim().eventsExecuted();
        }
        // 300 hosts on 18 switches hear every announcement and gateway request of their switch:
        // without a trace those copies arrive as ghosts, with one each takes its arrival event
        assertThat(events[0]).isLessThan(events[1] - 1000);
    }
}
