package dev.minternet.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minternet.sim.Durations;
import dev.minternet.sim.Simulator;
import dev.minternet.trace.Trace;
import java.util.ArrayList;
import java.util.List;
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
}
