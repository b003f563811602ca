package dev.minternet.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A queue that drains without "transmission done" events (a quiet sender, see Channel#lazy) must
 * behave as the one that drains with them: the same arrivals at the same instants in the same
 * order, the same drops, and the same counts and queue length whenever they are read, bursts,
 * drop-tail, a link going down in the middle of a drain and a capture starting in one included.
 */
class LazyDrainTest {
    /** What one run saw, in order: arrivals, reads of the counters and of the queue. */
    private static List<String> run(boolean quiet, long seed, long delayNs, boolean tapMidway) {
        Simulator sim = new Simulator(1);
        List<String> log = new ArrayList<>();
        LinkTest.Recorder a = new LinkTest.Recorder(sim, "a");
        LinkEnd b = new LinkEnd() {
            @Override
            public void arrive(byte[] d) {
                log.add("arrive " + sim.now() + " " + d.length + " #" + (d[0] & 0xff));
            }

            @Override
            public void transmitted(byte[] d) {
            }

            @Override
            public void carrier(boolean up) {
            }

            @Override
            public String nodeName() {
                return "b";
            }

            @Override
            public String ifaceName() {
                return "eth0";
            }
        };
        Link l = new Link("l", 10_000_000L, delayNs, 1500, 12, 0, 0, 1, sim, new Trace(sim));
        l.attach(a, b);
        Channel c = l.channelFromA();
        c.setQuietSender(quiet);
        SplittableRandom r = new SplittableRandom(seed);
        int[] id = {0};
        // bursts of 1-8 datagrams at random instants over 50 ms: queues build, fill and drain
        for (int i = 0; i < 60; i++) {
            long t = r.nextLong(50 * Durations.MS);
            int n = 1 + r.nextInt(8);
            int[] sizes = new int[n];
            for (int k = 0; k < n; k++) {
                sizes[k] = 40 + r.nextInt(1460);
            }
            sim.schedule(t, () -> {
                for (int size : sizes) {
                    byte[] d = new byte[size];
                    d[0] = (byte) id[0]++;
                    c.send(d);
                }
            });
        }
        // reads at random instants and at instants scheduled from the start that fall on the end of a transmission
        for (int i = 0; i < 80; i++) {
            long t = i < 40 ? r.nextLong(60 * Durations.MS) : (i - 40) * Durations.serialization(1000, 10_000_000L);
            sim.schedule(t, () -> log.add("read " + sim.now() + " sent " + c.counters().sentPackets() + "/"
                    + c.counters().sentBytes() + " queue " + c.queueLength() + " dropped " + c.counters().dropped()));
        }
        sim.schedule(31 * Durations.MS, () -> l.setUp(false));
        sim.schedule(33 * Durations.MS, () -> l.setUp(true));
        if (tapMidway) {
            sim.schedule(17 * Durations.MS + 333, () -> c.setQuietSender(false));
        }
        sim.run();
        log.add("end " + c.counters());
        return log;
    }

    @Test
    void a_queue_drained_without_events_gives_the_same_arrivals_drops_and_counts() {
        for (long seed = 1; seed <= 20; seed++) {
            for (long delay : new long[] {1, 1_000, 2 * Durations.MS}) {
                List<String> withEvents = run(false, seed, delay, false);
                assertThat(run(true, seed, delay, false)).as("seed %d delay %d", seed, delay).isEqualTo(withEvents);
                assertThat(run(true, seed, delay, true)).as("tap midway, seed %d delay %d", seed, delay).isEqualTo(withEvents);
            }
        }
    }

    @Test
    void the_drain_takes_no_event_per_datagram() {
        Simulator sim = new Simulator(1);
        LinkTest.Recorder a = new LinkTest.Recorder(sim, "a");
        LinkTest.Recorder b = new LinkTest.Recorder(sim, "b");
        Link l = new Link("l", 8_000_000L, 5 * Durations.MS, 1500, 100, 0, 0, 1, sim, new Trace(sim));
        l.attach(a, b);
        l.channelFromA().setQuietSender(true);
        sim.schedule(0, () -> {
            for (int i = 0; i < 50; i++) {
                l.channelFromA().send(new byte[100]); // 100 us each
            }
        });
        sim.run();
        assertThat(b.arrivals).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(b.arrivals.get(i)).isEqualTo((i + 1) * 100_000L + 5 * Durations.MS);
        }
        // the sending event and the 50 arrivals (one event re-armed along the wire); no "transmission done"
        assertThat(sim.eventsExecuted()).isEqualTo(51);
    }
}
