package dev.minternet.bench;

import dev.minternet.browser.Browser;
import dev.minternet.live.Live;
import dev.minternet.live.LiveServer;
import dev.minternet.node.World;
import dev.minternet.scenario.DefaultWorld;
import dev.minternet.scenario.Scenario;
import dev.minternet.scenario.WorldBuilder;
import dev.minternet.shell.Session;
import dev.minternet.tls.KeyAlgorithm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pacing accuracy of live mode: the default world run by {@code minternet live} (its listeners,
 * web view feed, trace and key log included) at 1x for S seconds of wall time, the laptop's
 * browser visiting https://www.example.com/ every second (after warm-up visits that are not
 * measured). Each event's lag is how late (wall time) it finished beyond the instant it was due;
 * for each batch of events the simulation thread runs, the batch lag is how late the batch ended
 * beyond the instant its first event was due, split into how late the loop woke and the work.
 * Each event's CPU time on the simulation thread is measured too (from the batch's start or the
 * previous event's end to its end), with the thread's CPU time over the whole measurement: unlike
 * the lags, those barely move with the machine's load.
 * Wall-clock figures: a benchmark, never a test.
 */
public final class LivePacingBench {
    private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();

    private LivePacingBench() {
    }

    /**
     * The figures: visits started and completed, batches measured, the distributions (ns) of every
     * event's lag (finished minus due) and of:
     * the lag (batch end minus due), how late the loop woke (batch start minus due) and the work
     * (batch end minus start) and its CPU time on the simulation thread; the collector's runs and
     * their total time during the measurement; the events measured; every event's CPU time on the
     * simulation thread, how many took over 1 ms of it and their total, and the simulation thread's
     * CPU time over the whole measurement (events, posted work and the loop itself); the visits of
     * the JIT warm-up in a throwaway world and its wall time.
     */
    public record Result(double seconds, int visits, int completed, int batches, Pct lag, Pct wake, Pct work, Pct cpu, long gcCount, long gcMs,
            long events, Pct eventLag, Pct eventCpu, int heavyEvents, long heavyCpuNs, long threadCpuNs,
            int jitVisits, long jitNs, String policy, int postedCount, Pct postedWall, Pct postedCpu) {
    }

    /** p50, p99 and the maximum of a distribution (ns). */
    public record Pct(long p50, long p99, long max) {
        static Pct of(long[] values, int n) {
            long[] sorted = Arrays.copyOf(values, n);
            Arrays.sort(sorted);
            return new Pct(pct(sorted, 0.50), pct(sorted, 0.99), n == 0 ? 0 : sorted[n - 1]);
        }
    }

    public static Result run(double seconds, int warmups) throws Exception {
        return run(seconds, warmups, 200);
    }

    /** {@link #run(double, int)} with a JIT warm-up of at most {@code jitWarmups} visits in a throwaway world (0: none). */
    public static Result run(double seconds, int warmups, int jitWarmups) throws Exception {
        Scenario s = DefaultWorld.load();
        World w = WorldBuilder.build(s, KeyAlgorithm.ECDSA_P256);
        Session session = new Session(s, w, new PrintWriter(new StringWriter()), null, Session.defaultNode(s), 0);
        long[][] lags = {new long[1 << 16], new long[1 << 16], new long[1 << 16], new long[1 << 16]};
        int[] n = {0};
        long[][] eventLags = {new long[1 << 20]};
        long[][] eventCpus = {new long[1 << 20]};
        long[] cpuMark = {0};
        long[] threadCpu = {0};
        int[] heavy = {0};
        long[] heavyCpu = {0};
        Pct[] eventCpu = {null};
        int[] jitVisits = {0};
        long[] jitNs = {0};
        int[] events = {0};
        AtomicInteger completed = new AtomicInteger();
        int visits = 0;
        long[] gc0;
        long[] gc1;
        int[] eventsSeen = {0};
        Pct[] eventLag = {null};
        String[] policy = {"unknown"};
        long[][] posted = {new long[1024], new long[1024]};
        int[] np = {0};
        try (LiveServer server = new LiveServer(session, 1, LiveServer.Ports.FREE, line -> { })) {
            Live live = server.live();
            live.lagProbe(new Live.LagProbe() {
                @Override
                public void batch(long due, long begin, long done, long cpu) {
                    synchronized (lags) {
                        if (n[0] == lags[0].length) {
                            for (int k = 0; k < lags.length; k++) {
                                lags[k] = Arrays.copyOf(lags[k], n[0] * 2);
                            }
                        }
                        lags[0][n[0]] = done - due;
                        lags[1][n[0]] = begin - due;
                        lags[2][n[0]] = done - begin;
                        lags[3][n[0]] = cpu;
                        n[0]++;
                    }
                }

                @Override
                public void begins() {
                    cpuMark[0] = CPU.getCurrentThreadCpuTime();
                }

                @Override
                public void posted(long begin, long done, long cpu) {
                    synchronized (lags) {
                        if (np[0] == posted[0].length) {
                            posted[0] = Arrays.copyOf(posted[0], np[0] * 2);
                            posted[1] = Arrays.copyOf(posted[1], np[0] * 2);
                        }
                        posted[0][np[0]] = done - begin;
                        posted[1][np[0]++] = cpu;
                    }
                    cpuMark[0] = CPU.getCurrentThreadCpuTime();
                }
            });
            server.start();
            // as `minternet live` does: the JIT warmed in a throwaway world first (waited for here, so
            // the figures are those of a warmed live world)
            long warm0 = System.nanoTime();
            jitVisits[0] = server.warmJit(jitWarmups).get();
            jitNs[0] = System.nanoTime() - warm0;
            // every event's lag: when it finished (wall) against when it was due, read on the simulation thread
            live.call(() -> {
                w.sim().watch(1, () -> {
                    long lag = System.nanoTime() - live.wallDue(w.sim().now());
                    long now = CPU.getCurrentThreadCpuTime();
                    long cpu = now - cpuMark[0];
                    cpuMark[0] = now;
                    if (events[0] == eventLags[0].length) {
                        eventLags[0] = Arrays.copyOf(eventLags[0], events[0] * 2);
                        eventCpus[0] = Arrays.copyOf(eventCpus[0], events[0] * 2);
                    }
                    eventCpus[0][events[0]] = cpu;
                    eventLags[0][events[0]++] = lag;
                    if (cpu > 1_000_000) {
                        heavy[0]++;
                        heavyCpu[0] += cpu;
                    }
                });
                return null;
            });
            Browser browser = live.call(() -> new Browser(session.node()));
            // warm-up: visits one after the other (class loading, the JIT) before the measurement starts
            for (int i = 0; i < warmups; i++) {
                java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(1);
                live.submit(() -> browser.visit("https://www.example.com/", warm::countDown));
                warm.await(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            synchronized (lags) {
                n[0] = 0;
                np[0] = 0;
            }
            live.call(() -> {
                heavy[0] = 0;
                heavyCpu[0] = 0;
                threadCpu[0] = CPU.getCurrentThreadCpuTime();
                return events[0] = 0;
            });
            gc0 = gc();
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            for (long next = start; next < end; next += 1_000_000_000L) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                live.submit(() -> browser.visit("https://www.example.com/", completed::incrementAndGet));
                visits++;
            }
            long wait = end - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            gc1 = gc();
            live.call(() -> {
                eventsSeen[0] = events[0];
                eventLag[0] = Pct.of(eventLags[0], events[0]);
                eventCpu[0] = Pct.of(eventCpus[0], events[0]);
                threadCpu[0] = CPU.getCurrentThreadCpuTime() - threadCpu[0];
                return null;
            });
            if (live.failure() != null) {
                throw new IllegalStateException("the simulation stopped: " + live.failure(), live.failure());
            }
            policy[0] = live.schedulingPolicy();
        }
        synchronized (lags) {
            return new Result(seconds, visits, completed.get(), n[0], Pct.of(lags[0], n[0]), Pct.of(lags[1], n[0]),
                    Pct.of(lags[2], n[0]), Pct.of(lags[3], n[0]), gc1[0] - gc0[0], gc1[1] - gc0[1],
                    eventsSeen[0], eventLag[0], eventCpu[0], heavy[0], heavyCpu[0], threadCpu[0], jitVisits[0], jitNs[0], policy[0], np[0],
                    Pct.of(posted[0], np[0]), Pct.of(posted[1], np[0]));
        }
    }

    /** The collector's runs and total milliseconds so far, over all collectors. */
    private static long[] gc() {
        long count = 0;
        long ms = 0;
        for (java.lang.management.GarbageCollectorMXBean b : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            count += Math.max(0, b.getCollectionCount());
            ms += Math.max(0, b.getCollectionTime());
        }
        return new long[] {count, ms};
    }

    private static long pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
