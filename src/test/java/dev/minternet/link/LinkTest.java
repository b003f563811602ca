package dev.minternet.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import dev.minternet.sim.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinkTest {
    /** A link end that records arrival times. */
    static final class Recorder implements LinkEnd {
        final Simulator sim;
        final String name;
        final List<Long> arrivals = new ArrayList<>();
        final List<byte[]> packets = new ArrayList<>();
        int transmitted;
        int carrierChanges;

        Recorder(Simulator sim, String name) {
            this.sim = sim;
            this.name = name;
        }

        @Override
        public void arrive(byte[] d) {
            arrivals.add(sim.now());
            packets.add(d);
        }

        @Override
        public void transmitted(byte[] d) {
            transmitted++;
        }

        @Override
        public void carrier(boolean up) {
            carrierChanges++;
        }

        @Override
        public String nodeName() {
            return name;
        }

        @Override
        public String ifaceName() {
            return "eth0";
        }
    }

    Simulator sim = new Simulator(1);
    Recorder a = new Recorder(sim, "a");
    Recorder b = new Recorder(sim, "b");

    Link link(long bps, long delay, int queuePackets, int queueBytes, double loss) {
        Link l = new Link("l", bps, delay, 1500, queuePackets, queueBytes, loss, 1, sim, new Trace(sim));
        l.attach(a, b);
        return l;
    }

    @Test
    void a_packet_arrives_after_serialization_plus_propagation() {
        Link l = link(100_000_000L, 5 * Durations.MS, 100, 0, 0);
        l.channelFromA().send(new byte[1000]);
        sim.run();
        // 1000 B = 8000 bits at 100 Mbit/s = 80 us, plus 5 ms.
        assertThat(b.arrivals).containsExactly(80_000L + 5_000_000L);
        assertThat(l.channelFromA().counters().receivedBytes()).isEqualTo(1000);
    }

    @Test
    void back_to_back_packets_queue_behind_the_transmitter() {
        Link l = link(8_000_000L, 1_000, 100, 0, 0); // 1 byte per microsecond
        for (int i = 0; i < 3; i++) {
            l.channelFromA().send(new byte[100]);
        }
        sim.run();
        assertThat(b.arrivals).containsExactly(101_000L, 201_000L, 301_000L);
    }

    @Test
    void full_duplex_directions_do_not_interfere() {
        Link l = link(8_000_000L, 0, 100, 0, 0);
        l.channelFromA().send(new byte[100]);
        l.channelFromB().send(new byte[100]);
        sim.run();
        assertThat(b.arrivals).containsExactly(100_000L);
        assertThat(a.arrivals).containsExactly(100_000L);
    }

    @Test
    void droptail_limit_in_packets_counts_drops() {
        Link l = link(8_000_000L, 0, 2, 0, 0);
        for (int i = 0; i < 5; i++) {
            l.channelFromA().send(new byte[100]);
        }
        sim.run();
        // one on the wire, two queued, two dropped
        assertThat(b.arrivals).hasSize(3);
        assertThat(l.channelFromA().counters().droppedQueue()).isEqualTo(2);
        assertThat(l.channelFromA().counters().sentPackets()).isEqualTo(3);
    }

    @Test
    void droptail_limit_in_bytes() {
        Link l = link(8_000_000L, 0, 0, 250, 0);
        for (int i = 0; i < 5; i++) {
            l.channelFromA().send(new byte[100]);
        }
        sim.run();
        assertThat(b.arrivals).hasSize(3); // 1 transmitting + 200 bytes queued
        assertThat(l.channelFromA().counters().droppedQueue()).isEqualTo(2);
    }

    @Test
    void random_loss_follows_the_rate_and_the_seed() {
        Link l = link(1_000_000_000L, 0, 100_000, 0, 0.1);
        for (int i = 0; i < 20_000; i++) {
            sim.schedule(i * 20_000L, () -> l.channelFromA().send(new byte[100]));
        }
        sim.run();
        long lost = l.channelFromA().counters().droppedLoss();
        assertThat(lost).isBetween(1800L, 2200L);
        assertThat(b.arrivals).hasSize((int) (20_000 - lost));

        Simulator sim2 = new Simulator(1);
        Recorder b2 = new Recorder(sim2, "b");
        Link l2 = new Link("l", 1_000_000_000L, 0, 1500, 100_000, 0, 0.1, 1, sim2, new Trace(sim2));
        l2.attach(new Recorder(sim2, "a"), b2);
        for (int i = 0; i < 20_000; i++) {
            sim2.schedule(i * 20_000L, () -> l2.channelFromA().send(new byte[100]));
        }
        sim2.run();
        assertThat(b2.arrivals).isEqualTo(b.arrivals);
    }

    @Test
    void a_lone_packet_on_the_wire_is_joined_by_others_and_all_arrive_in_order() {
        // 100 B at 8 Mbit/s = 100 us of serialization, 1 ms of propagation: the first is alone on
        // the wire until the second is sent at 250 us; a third, sent at 300 us, waits for the second
        Link l = link(8_000_000L, Durations.MS, 100, 0, 0);
        byte[] first = new byte[100];
        byte[] second = new byte[100];
        byte[] third = new byte[100];
        l.channelFromA().send(first);
        sim.scheduleAt(250_000, () -> l.channelFromA().send(second));
        sim.scheduleAt(300_000, () -> l.channelFromA().send(third));
        sim.scheduleAt(1_200_000, () -> l.channelFromA().send(new byte[100])); // alone again (the ring stays empty)
        sim.run();
        assertThat(b.arrivals).containsExactly(100_000L + Durations.MS, 350_000L + Durations.MS,
                450_000L + Durations.MS, 1_300_000L + Durations.MS);
        assertThat(b.packets.subList(0, 3)).containsExactly(first, second, third);
        assertThat(l.channelFromA().counters().receivedPackets()).isEqualTo(4);
    }

    @Test
    void after_a_burst_a_packet_alone_on_the_wire_is_joined_and_dropped_as_before_the_burst() {
        // 100 B at 8 Mbit/s: 100 us of serialization, 1 ms of propagation. A burst of three puts a
        // ring on the channel; later packets alone on the wire go without it, the ring takes one
        // back with the next that joins it, and a link going down drops one alone on the wire.
        Link l = link(8_000_000L, Durations.MS, 100, 0, 0);
        for (int i = 0; i < 3; i++) {
            l.channelFromA().send(new byte[100]);
        }
        byte[] alone = new byte[100];
        byte[] joining = new byte[100];
        sim.scheduleAt(2_000_000, () -> l.channelFromA().send(alone));
        sim.scheduleAt(2_500_000, () -> l.channelFromA().send(joining));
        sim.scheduleAt(4_000_000, () -> l.channelFromA().send(new byte[100]));
        sim.scheduleAt(4_500_000, () -> l.setUp(false));
        sim.scheduleAt(4_600_000, () -> {
            l.setUp(true);
            l.channelFromA().send(new byte[100]);
        });
        sim.run();
        assertThat(b.arrivals).containsExactly(1_100_000L, 1_200_000L, 1_300_000L, 3_100_000L, 3_600_000L, 5_700_000L);
        assertThat(b.packets.subList(3, 5)).containsExactly(alone, joining);
        assertThat(l.channelFromA().counters().droppedDown()).isEqualTo(1);
        assertThat(l.channelFromA().counters().sentPackets()).isEqualTo(7);
    }

    @Test
    void a_link_going_down_drops_a_lone_packet_on_the_wire() {
        Link l = link(8_000_000L, Durations.MS, 100, 0, 0);
        l.channelFromA().send(new byte[100]);
        sim.scheduleAt(500_000, () -> l.setUp(false));
        sim.scheduleAt(600_000, () -> l.setUp(true));
        sim.scheduleAt(700_000, () -> l.channelFromA().send(new byte[100]));
        sim.run();
        assertThat(b.arrivals).containsExactly(800_000L + Durations.MS);
        assertThat(l.channelFromA().counters().droppedDown()).isEqualTo(1);
        assertThat(l.channelFromA().counters().sentPackets()).isEqualTo(2);
        assertThat(l.channelFromA().counters().receivedPackets()).isEqualTo(1);
    }

    @Test
    void a_link_going_down_drops_queued_and_in_flight_packets_and_refuses_new_ones() {
        Link l = link(8_000_000L, Durations.MS, 100, 0, 0);
        for (int i = 0; i < 4; i++) {
            l.channelFromA().send(new byte[100]);
        }
        sim.scheduleAt(150_000, () -> l.setUp(false));
        sim.scheduleAt(200_000, () -> l.channelFromA().send(new byte[100]));
        sim.scheduleAt(300_000, () -> {
            l.setUp(true);
            l.channelFromA().send(new byte[100]);
        });
        sim.run();
        assertThat(b.arrivals).containsExactly(300_000L + 100_000L + Durations.MS);
        assertThat(l.channelFromA().counters().droppedDown()).isEqualTo(5);
        assertThat(a.carrierChanges).isEqualTo(2);
    }

    // The transmitter's "transmission done" is an event only when a datagram waits for it; these
    // check that a datagram handed over at the very instant a transmission ends still finds the
    // transmitter busy or free exactly as if the event existed: busy for what was scheduled before
    // the transmission started, free for what was scheduled after it.

    /** Sends 100 B on {@code l} and returns the queue length the send left. */
    private static int sendAndLook(Link l) {
        l.channelFromA().send(new byte[100]);
        return l.channelFromA().queueLength();
    }

    @Test
    void at_the_instant_a_transmission_ends_what_was_scheduled_before_it_still_waits() {
        Link l = link(8_000_000L, 1_000, 100, 0, 0); // 100 B take 100 us
        int[] queued = {-1, -1};
        sim.scheduleAt(100_000, () -> queued[0] = sendAndLook(l));
        l.channelFromA().send(new byte[100]); // on the wire until 100 us
        // a transmission started by an event at 250 us ends at 350 us; an event due then that was
        // scheduled earlier (at 0) comes before its end
        sim.scheduleAt(350_000, () -> queued[1] = sendAndLook(l));
        sim.scheduleAt(250_000, () -> l.channelFromA().send(new byte[100]));
        sim.run();
        assertThat(queued).containsExactly(1, 1);
        assertThat(b.arrivals).containsExactly(101_000L, 201_000L, 351_000L, 451_000L);
    }

    @Test
    void at_the_instant_a_transmission_ends_what_is_scheduled_after_it_is_sent_at_once() {
        Link l = link(8_000_000L, 1_000, 100, 0, 0);
        int[] queued = {-1, -1};
        l.channelFromA().send(new byte[100]);
        sim.scheduleAt(100_000, () -> queued[0] = sendAndLook(l)); // same instant of scheduling, later
        sim.scheduleAt(250_000, () -> {
            l.channelFromA().send(new byte[100]); // until 350 us
            sim.scheduleAt(350_000, () -> queued[1] = sendAndLook(l));
        });
        sim.run();
        assertThat(queued).containsExactly(0, 0);
        assertThat(b.arrivals).containsExactly(101_000L, 201_000L, 351_000L, 451_000L);
    }

    @Test
    void between_runs_the_transmitter_is_free_only_once_the_run_reached_the_end_of_its_transmission() {
        Link l = link(8_000_000L, 1_000, 100, 0, 0);
        l.channelFromA().send(new byte[100]);
        sim.runBefore(100_000); // the transmission's end is not reached: what is typed at 100 us comes first
        l.channelFromA().send(new byte[100]);
        assertThat(l.channelFromA().queueLength()).isEqualTo(1);
        sim.runUntil(200_000); // everything due at 200 us has happened
        l.channelFromA().send(new byte[100]);
        assertThat(l.channelFromA().queueLength()).isZero();
        sim.run();
        assertThat(b.arrivals).containsExactly(101_000L, 201_000L, 301_000L);
    }

    @Test
    void a_stopped_run_leaves_the_transmitter_as_the_events_it_fired_left_it() {
        Link l = link(8_000_000L, 1_000, 100, 0, 0);
        sim.scheduleAt(100_000, sim::stop);
        l.channelFromA().send(new byte[100]);
        sim.scheduleAt(100_000, () -> { });
        sim.run(); // stops after the first event at 100 us, before the transmission ended
        l.channelFromA().send(new byte[100]);
        assertThat(l.channelFromA().queueLength()).isEqualTo(1);

        Link l2 = new Link("l2", 8_000_000L, 1_000, 1500, 100, 0, 0, 1, sim, new Trace(sim));
        l2.attach(new Recorder(sim, "c"), new Recorder(sim, "d"));
        l2.channelFromA().send(new byte[100]); // ends at 200 us
        sim.scheduleAt(200_000, sim::stop); // scheduled after the transmission started
        sim.run();
        l2.channelFromA().send(new byte[100]);
        assertThat(l2.channelFromA().queueLength()).isZero();
    }

    /**
     * Random senders, many of them at the instants transmissions end, some scheduled by others:
     * the channel decides to send or queue (or drop) exactly as a transmitter with a real
     * "transmission done" event for every datagram does (the model below, the channel as it was).
     */
    @Test
    void a_channel_queues_exactly_as_one_with_an_event_for_every_transmission() {
        for (long seed = 1; seed <= 40; seed++) {
            assertThat(sends(seed, false)).as("seed " + seed).isEqualTo(sends(seed, true));
        }
    }

    /** What each send found ("t queue-length-after"), with the channel or with the model. */
    private static List<String> sends(long seed, boolean model) {
        Simulator s = new Simulator(seed);
        Recorder to = new Recorder(s, "to");
        Link l = new Link("l", 8_000_000L, 1_000, 1500, 3, 0, 0, 1, s, new Trace(s));
        l.attach(new Recorder(s, "from"), to);
        Model m = new Model(s, 3);
        List<String> log = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        Runnable[] send = new Runnable[1];
        send[0] = () -> {
            if (model) {
                m.send(new byte[100]);
                log.add(s.now() + " " + m.queue.size() + " " + m.drops);
            } else {
                l.channelFromA().send(new byte[100]);
                log.add(s.now() + " " + l.channelFromA().queueLength() + " " + l.channelFromA().counters().droppedQueue());
            }
            if (r.nextInt(3) == 0) {
                s.schedule(100_000L * r.nextInt(4), send[0]);
            }
            r.nextInt(); // the same draws on both sides
        };
        for (int i = 0; i < 60; i++) {
            s.scheduleAt(100_000L * r.nextInt(30) + (r.nextInt(4) == 0 ? 50_000 : 0), send[0]);
        }
        s.run();
        return log;
    }

    /** The transmitter as it was: a "transmission done" event for every datagram. */
    private static final class Model {
        final Simulator sim;
        final int limit;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        boolean busy;
        int drops;
        final Event done = new Event() {
            @Override
            protected void fire() {
                busy = false;
                if (!queue.isEmpty()) {
                    start(queue.pollFirst());
                }
            }
        };

        Model(Simulator sim, int limit) {
            this.sim = sim;
            this.limit = limit;
        }

        void send(byte[] d) {
            if (!busy) {
                start(d);
            } else if (queue.size() >= limit) {
                drops++;
            } else {
                queue.addLast(d);
            }
        }

        void start(byte[] d) {
            busy = true;
            sim.scheduleAt(sim.now() + d.length * 1_000L, done);
        }
    }

    @Test
    void params_compare_as_the_record_would() {
        Link.Params a = new Link.Params(100_000_000, 20_000_000, 1500, 100, 0, 0.01, 1);
        assertThat(a).isEqualTo(new Link.Params(100_000_000, 20_000_000, 1500, 100, 0, 0.01, 1));
        assertThat(a.hashCode()).isEqualTo(new Link.Params(100_000_000, 20_000_000, 1500, 100, 0, 0.01, 1).hashCode());
        assertThat(Link.Params.of(new Link.Params(100_000_000, 20_000_000, 1500, 100, 0, 0.01, 1)))
                .isSameAs(Link.Params.of(a));
        for (Link.Params other : List.of(new Link.Params(100_000_001, 20_000_000, 1500, 100, 0, 0.01, 1),
                new Link.Params(100_000_000, 20_000_001, 1500, 100, 0, 0.01, 1),
                new Link.Params(100_000_000, 20_000_000, 1501, 100, 0, 0.01, 1),
                new Link.Params(100_000_000, 20_000_000, 1500, 101, 0, 0.01, 1),
                new Link.Params(100_000_000, 20_000_000, 1500, 100, 1, 0.01, 1),
                new Link.Params(100_000_000, 20_000_000, 1500, 100, 0, 0.02, 1),
                new Link.Params(100_000_000, 20_000_000, 1500, 100, 0, 0.01, 2))) {
            assertThat(a).isNotEqualTo(other);
        }
        assertThat(new Link.Params(1, 1, 1, 1, 1, 0.0, 1)).isNotEqualTo(new Link.Params(1, 1, 1, 1, 1, -0.0, 1));
        assertThat(new Link.Params(1, 1, 1, 1, 1, Double.NaN, 1)).isEqualTo(new Link.Params(1, 1, 1, 1, 1, Double.NaN, 1));
        assertThat(a).isNotEqualTo(null).isNotEqualTo("a");
    }
}
