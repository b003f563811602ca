package dev.minternet.bench;

import dev.minternet.sim.Event;
import dev.minternet.sim.Simulator;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * Event-queue throughput in the classic "hold" model: a steady population of pending no-op
 * events; each one, when fired, schedules itself again a random delay later. Measures schedule +
 * pop per second with the heap at a realistic size.
 */
public final class QueueBench {
    /** Result of one run. */
    public record Result(long events, int population, double wallSeconds, double cpuSeconds) {
        public double eventsPerSecond() {
            return events / wallSeconds;
        }

        /** Per second of this thread's CPU time: robust when other processes share the cores. */
        public double eventsPerCpuSecond() {
            return events / cpuSeconds;
        }
    }

    private QueueBench() {
    }

    public static Result run(int population, long events, long seed) {
        Simulator sim = new Simulator(seed);
        SplittableRandom r = new SplittableRandom(seed);
        long[] delays = new long[1 << 16];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = 1 + r.nextLong(1_000_000);
        }
        final long[] fired = {0};
        final int[] cursor = {0};
        class Hold extends Event {
            @Override
            protected void fire() {
                if (++fired[0] < events) {
                    sim.schedule(delays[cursor[0]++ & 0xffff], this);
                }
            }
        }
        for (int i = 0; i < population; i++) {
            sim.schedule(delays[i & 0xffff], new Hold());
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        sim.run();
        long t1 = System.nanoTime();
        long c1 = mx.getCurrentThreadCpuTime();
        return new Result(sim.eventsExecuted(), population, (t1 - t0) / 1e9, (c1 - c0) / 1e9);
    }
}
