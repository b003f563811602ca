package dev.minternet.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SimulatorTest {

    @Test
    void events_fire_in_time_order_and_fifo_within_an_instant() {
        Simulator sim = new Simulator(1);
        List<String> log = new ArrayList<>();
        sim.scheduleAt(30, () -> log.add("c@30"));
        sim.scheduleAt(10, () -> log.add("a@10"));
        sim.scheduleAt(20, () -> log.add("b1@20"));
        sim.scheduleAt(20, () -> log.add("b2@20"));
        sim.scheduleAt(10, () -> log.add("a2@10"));
        sim.run();
        assertThat(log).containsExactly("a@10", "a2@10", "b1@20", "b2@20", "c@30");
        assertThat(sim.now()).isEqualTo(30);
        assertThat(sim.eventsExecuted()).isEqualTo(5);
    }

    @Test
    void a_large_random_schedule_pops_sorted() {
        Simulator sim = new Simulator(1);
        SplittableRandom r = new SplittableRandom(5);
        List<Long> fired = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long t = r.nextLong(1_000_000);
            sim.scheduleAt(t, () -> fired.add(sim.now()));
        }
        sim.run();
        assertThat(fired).hasSize(20_000).isSorted();
    }

    @Test
    void cancelled_timer_does_not_fire_and_rearm_moves_it() {
        Simulator sim = new Simulator(1);
        List<Long> fired = new ArrayList<>();
        Timer t = new Timer(sim, () -> fired.add(sim.now()));
        t.setAt(100);
        assertThat(t.isPending()).isTrue();
        t.cancel();
        assertThat(t.isPending()).isFalse();
        sim.run();
        assertThat(fired).isEmpty();

        t.setAt(200);
        t.setAt(150); // re-arm replaces the deadline
        Timer other = new Timer(sim, () -> fired.add(-sim.now()));
        other.setAt(160);
        sim.run();
        assertThat(fired).containsExactly(150L, -160L);
    }

    @Test
    void cancel_from_the_middle_of_the_heap_keeps_order() {
        Simulator sim = new Simulator(1);
        List<Long> fired = new ArrayList<>();
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Timer t = new Timer(sim, () -> fired.add(sim.now()));
            t.setAt(1000 - i * 7L);
            timers.add(t);
        }
        for (int i = 0; i < 100; i += 3) {
            timers.get(i).cancel();
        }
        sim.run();
        assertThat(fired).hasSize(66).isSorted();
    }

    @Test
    void run_until_stops_at_the_limit_and_sets_the_clock() {
        Simulator sim = new Simulator(1);
        List<Long> fired = new ArrayList<>();
        for (long t : new long[] {5, 10, 15}) {
            sim.scheduleAt(t, () -> fired.add(sim.now()));
        }
        sim.runUntil(10);
        assertThat(fired).containsExactly(5L, 10L);
        assertThat(sim.now()).isEqualTo(10);
        sim.runUntil(12);
        assertThat(sim.now()).isEqualTo(12);
        assertThat(sim.pending()).isEqualTo(1);
        assertThat(sim.runWithin(100)).isFalse();
        assertThat(sim.now()).isEqualTo(15);
    }

    @Test
    void stop_returns_after_the_current_event() {
        Simulator sim = new Simulator(1);
        List<Long> fired = new ArrayList<>();
        sim.scheduleAt(1, () -> {
            fired.add(1L);
            sim.stop();
        });
        sim.scheduleAt(2, () -> fired.add(2L));
        sim.run();
        assertThat(fired).containsExactly(1L);
        sim.run();
        assertThat(fired).containsExactly(1L, 2L);
    }

    @Test
    void an_event_rearming_itself_while_firing_keeps_global_order() {
        Simulator sim = new Simulator(1);
        List<String> log = new ArrayList<>();
        boolean[] pendingWhileFiring = {true};
        Event[] self = new Event[1];
        self[0] = new Event() {
            int n;

            @Override
            protected void fire() {
                pendingWhileFiring[0] &= !isPending();
                log.add("self@" + sim.now());
                sim.cancel(this); // not pending while firing: a no-op
                if (++n < 4) {
                    sim.schedule(10, this);
                }
            }
        };
        sim.scheduleAt(0, self[0]);
        sim.scheduleAt(10, () -> log.add("other@10"));
        sim.scheduleAt(25, () -> log.add("other@25"));
        sim.run();
        // At t=10 "other" was scheduled before self re-armed for 10, so it goes first.
        assertThat(log).containsExactly("self@0", "other@10", "self@10", "self@20", "other@25", "self@30");
        assertThat(pendingWhileFiring[0]).isTrue();
        assertThat(self[0].isPending()).isFalse();
        assertThat(sim.pending()).isZero();
    }

    /**
     * Timers checked against a reference model (a sorted set of the (time, sequence) keys they
     * were armed with): each timer, when it fires, must be the model's first, and may re-arm
     * itself; what fired is kept to check its order at the end.
     */
    private static final class Model {
        final Simulator sim = new Simulator(1);
        final TreeSet<long[]> keys = new TreeSet<>((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        final List<long[]> fired = new ArrayList<>();
        final List<Timer> timers = new ArrayList<>();
        final Map<Timer, long[]> keyOf = new IdentityHashMap<>();
        long seq;

        /** {@code n} timers; when one fires, {@code rearm} gives the delay to arm it again at, or -1. */
        Model(int n, java.util.function.LongSupplier rearm) {
            for (int i = 0; i < n; i++) {
                Timer[] self = new Timer[1];
                self[0] = new Timer(sim, () -> {
                    long[] k = keyOf.remove(self[0]);
                    fired.add(k);
                    assertThat(keys.pollFirst()).isSameAs(k);
                    long d = rearm.getAsLong();
                    if (d >= 0) {
                        arm(self[0], sim.now() + d);
                    }
                });
                timers.add(self[0]);
            }
        }

        /** Arms {@code t} at {@code at} and records its expected (time, sequence) key. */
        void arm(Timer t, long at) {
            t.setAt(at);
            long[] k = {at, seq++};
            keyOf.put(t, k);
            keys.add(k);
        }

        /** A random timer cancelled, or re-armed {@code delay} from now, the model following. */
        void disturb(SplittableRandom r, java.util.function.LongSupplier delay) {
            Timer t = timers.get(r.nextInt(timers.size()));
            long[] old = keyOf.remove(t);
            if (old != null) {
                keys.remove(old);
            }
            if (r.nextBoolean()) {
                t.cancel();
            } else {
                arm(t, sim.now() + delay.getAsLong());
            }
        }

        /** Runs to the end; every armed timer fired, in (time, sequence) order. */
        void finish(int atLeast) {
            sim.run();
            assertThat(keys).isEmpty();
            assertThat(fired).hasSizeGreaterThan(atLeast);
            for (int i = 1; i < fired.size(); i++) {
                long[] a = fired.get(i - 1);
                long[] b = fired.get(i);
                assertThat(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])).as("order at %d", i).isTrue();
            }
        }
    }

    /**
     * The wheel (near future) and the heap (beyond the horizon) together must pop in exact
     * (time, sequence) order, whatever mix of scheduling, cancelling and re-arming happens while
     * the clock moves. A reference model (a sorted set) says what the order must be.
     */
    @Test
    void wheel_and_heap_together_keep_exact_time_then_sequence_order() {
        SplittableRandom r = new SplittableRandom(99);
        // sometimes re-arm, near or far (beyond the 8.4 ms horizon), or at the same instant
        Model m = new Model(400, () -> switch (r.nextInt(4)) {
            case 0 -> -1;
            case 1 -> 0;
            case 2 -> r.nextLong(2_000_000);
            default -> r.nextLong(5_000_000, 50_000_000);
        });
        for (Timer t : m.timers) {
            m.arm(t, r.nextBoolean() ? r.nextLong(1_000) : r.nextLong(100_000_000));
        }
        // Interleave: run a little, then cancel or re-arm random timers, many times.
        for (int round = 0; round < 200; round++) {
            m.sim.runUntil(m.sim.now() + r.nextLong(3_000_000));
            for (int k = 0; k < 5; k++) {
                m.disturb(r, () -> r.nextBoolean() ? r.nextLong(10_000) : r.nextLong(40_000_000));
            }
            assertThat(m.sim.pending()).isEqualTo(m.keys.size());
        }
        m.finish(500);
    }

    /**
     * The same model over all three places an event may sit: the first wheel (within 33.5 ms),
     * the second (horizon-wide buckets, to 275 s) and the heap (later), with the clock moved by
     * runUntil and runBefore to random times and to the exact starts of second-wheel buckets,
     * and the next event's time asked between moves.
     */
    @Test
    void both_wheels_and_the_heap_keep_exact_order_across_bucket_starts() {
        SplittableRandom r = new SplittableRandom(7);
        long horizon = 1L << Lane.COARSE_SHIFT;
        java.util.function.LongSupplier delay = () -> switch (r.nextInt(5)) {
            case 0 -> 0;
            case 1 -> r.nextLong(horizon);
            case 2 -> r.nextLong(horizon, 3 * horizon); // the next bucket or two of the second wheel
            case 3 -> r.nextLong(2_000_000_000L); // seconds ahead
            default -> r.nextLong(200_000_000_000L, 400_000_000_000L); // past the second wheel: the heap
        };
        Model m = new Model(600, () -> r.nextInt(3) > 0 ? delay.getAsLong() : -1);
        for (Timer t : m.timers) {
            m.arm(t, delay.getAsLong());
        }
        Simulator sim = m.sim;
        for (int round = 0; round < 400; round++) {
            assertThat(sim.nextEventTime()).isEqualTo(m.keys.isEmpty() ? Long.MAX_VALUE : m.keys.first()[0]);
            long to = switch (r.nextInt(3)) {
                case 0 -> sim.now() + r.nextLong(50_000_000);
                case 1 -> ((sim.now() >> Lane.COARSE_SHIFT) + 1 + r.nextInt(3)) << Lane.COARSE_SHIFT; // a bucket's start
                default -> m.keys.isEmpty() ? sim.now() + 1 : m.keys.first()[0]; // the next event's instant
            };
            if (r.nextBoolean()) {
                sim.runUntil(to);
            } else {
                sim.runBefore(to);
            }
            assertThat(sim.now()).isEqualTo(to);
            for (int k = 0; k < 4; k++) {
                m.disturb(r, delay);
            }
            assertThat(sim.pending()).isEqualTo(m.keys.size());
        }
        m.finish(1_000);
    }

    @Test
    void scheduling_in_the_past_is_refused() {
        Simulator sim = new Simulator(1);
        sim.runUntil(100);
        assertThatThrownBy(() -> sim.scheduleAt(50, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void random_streams_depend_only_on_seed_and_name() {
        RandomStreams a = new RandomStreams(42);
        RandomStreams b = new RandomStreams(42);
        assertThat(a.stream("host1").nextLong()).isEqualTo(b.stream("host1").nextLong());
        assertThat(a.stream("host1").nextLong()).isNotEqualTo(a.stream("host2").nextLong());
        assertThat(new RandomStreams(43).stream("host1").nextLong()).isNotEqualTo(a.stream("host1").nextLong());
    }

    @Test
    void serialization_delay_is_bits_over_rate_rounded_up() {
        assertThat(Durations.serialization(1500, 1_000_000_000L)).isEqualTo(12_000);
        assertThat(Durations.serialization(84, 300_000_000L)).isEqualTo(2240);
        assertThat(Durations.serialization(1, 3)).isEqualTo(2_666_666_667L);
        assertThat(Durations.serialization(65535, 10_000_000_000L)).isEqualTo(52_428);
    }
}
